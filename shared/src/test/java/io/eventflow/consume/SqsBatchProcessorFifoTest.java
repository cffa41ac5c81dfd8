package io.eventflow.consume;

import static io.eventflow.testing.TestQueue.attributesOf;
import static io.eventflow.testing.TestQueue.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestQueue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** FIFO source queues: a failure stops the rest of its message group in the batch, not other groups. */
class SqsBatchProcessorFifoTest extends ProcessorTestSupport {

    @Test
    void aRetryableFailureStopsTheRestOfItsGroupButNotOtherGroups() {
        TestQueue queue = TestQueue.create(sqs, 5, true);
        assertThat(queue.arn()).endsWith(".fifo");
        Event a1 = ExampleEvents.fresh("order.created");
        Event b1 = ExampleEvents.fresh("order.created");
        Event a2 = ExampleEvents.fresh("order.shipped");
        Event b2 = ExampleEvents.fresh("order.shipped");
        Event a3 = ExampleEvents.fresh("user.signed_up");
        // Interleaved, so a group's later messages sit behind other groups' records in the batch.
        String a1Id = queue.sendToGroup("A", a1);
        String b1Id = queue.sendToGroup("B", b1);
        String a2Id = queue.sendToGroup("A", a2);
        String b2Id = queue.sendToGroup("B", b2);
        String a3Id = queue.sendToGroup("A", a3);
        SQSEvent batch = queue.receive(5);
        assertThat(messageIds(batch)).containsExactly(a1Id, b1Id, a2Id, b2Id, a3Id);
        assertThat(batch.getRecords()).extracting(m -> m.getAttributes().get("MessageGroupId")).containsExactly("A", "B", "A", "B", "A");
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE).handler(delivery -> {
            Event event = delivery.event();
            if (event.equals(a2)) {
                throw new IllegalStateException("ledger busy");
            }
            handled.add(event);
        }).build();

        SQSBatchResponse response = processor.process(batch, context);

        assertThat(failedIds(response)).containsExactly(a2Id, a3Id);
        assertThat(handled).containsExactly(a1, b1, b2);
        assertThat(resultOf(a1Id).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        assertThat(resultOf(b1Id).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        assertThat(resultOf(a2Id).outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(resultOf(b2Id).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        RecordResult notStarted = resultOf(a3Id);
        assertThat(notStarted.outcome()).isEqualTo(RecordOutcome.NOT_STARTED);
        assertThat(notStarted.error()).contains("FIFO group A");
        assertThat(idempotencyRecord(a3)).as("A3 was never claimed").isEmpty();
        assertThat(idempotencyRecord(a2).get("status").s()).isEqualTo("FAILED");
        queue.acknowledge(batch, response);
        assertThat(queue.depth()).as("A2 and A3 wait for their retry").isEqualTo(2);
        assertThat(queue.deadLetterDepth()).isZero();
    }

    @Test
    void aNonRetryableRecordGoesToTheFifoDeadLetterQueueInItsGroupAndDoesNotBlockIt() {
        TestQueue queue = TestQueue.create(sqs, 5, true);
        Event good = ExampleEvents.fresh("order.created");
        Event invalid = withData(ExampleEvents.fresh("order.shipped"), data -> data.remove("tracking_number"));
        String invalidId = queue.sendToGroup("G", invalid);
        String goodId = queue.sendToGroup("G", good);
        SQSEvent batch = queue.receive(2);
        assertThat(messageIds(batch)).containsExactly(invalidId, goodId);
        Instant before = Instant.now();

        SQSBatchResponse response = recordingProcessor().process(batch, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(outcomes()).containsExactly(RecordOutcome.DEAD_LETTERED, RecordOutcome.PROCESSED);
        assertThat(handled).containsExactly(good);
        queue.acknowledge(batch, response);
        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        Message letter = letters.getFirst();
        assertThat(assertDeadLetter(letter, batch.getRecords().getFirst().getBody(), attributesOf(invalid),
                DeadLetterReason.SCHEMA_INVALID, 1, before, after)).contains("tracking_number");
        assertThat(letter.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).as("kept in its group").isEqualTo("G");
        assertThat(letter.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).isEqualTo(invalidId);
    }
}
