package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestQueue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Versions through the processor on real queues: what a consumer reads is what it declares; an older event reaches
 * its handler upcast; a newer one it cannot read is dead-lettered at once, and redriven once the consumer reads it.
 */
class SqsBatchProcessorVersionTest extends ProcessorTestSupport {

    private static final EventCodec CODEC = new EventCodec();
    private static final ReadVersions BEFORE_V2 = ReadVersions.builder().reads("order.shipped", 1).build();
    private static final ReadVersions SINCE_V2 = ReadVersions.builder().reads("order.shipped", 2).build();

    private SqsBatchProcessor reading(ReadVersions reads) {
        return builder().reads(reads).handler(delivery -> handled.add(delivery.event())).build();
    }

    @Test
    void aV1EventReachesAV2ReaderUpcastAndIsClaimedWithTheHashOfWhatWasWritten() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event v1 = ExampleEvents.fresh("order.shipped");
        queue.send(v1);

        SQSBatchResponse response = reading(SINCE_V2).process(queue.receive(1), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).singleElement().satisfies(seen -> {
            assertThat(seen.dataSchema()).isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 2));
            assertThat(seen.id()).isEqualTo(v1.id());
            assertThat(seen.data()).isEqualTo(v1.data());
        });
        assertThat(idempotencyRecord(v1).get("status").s()).isEqualTo("COMPLETED");
        assertThat(idempotencyRecord(v1).get("payload_hash").s()).isEqualTo(PayloadHash.of(v1));
    }

    @Test
    void aV2EventTheConsumerCannotYetReadIsDeadLetteredAtOnceAndProcessedWhenRedrivenAfterItLearnsV2() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event v2 = ExampleEvents.fresh("order.shipped.v2");
        String body = CODEC.encode(v2);
        queue.sendRaw(body, TestQueue.attributesOf(v2));
        SQSEvent batch = queue.receive(1);
        Instant before = Instant.now();

        SQSBatchResponse response = reading(BEFORE_V2).process(batch, context);

        assertThat(response.getBatchItemFailures()).as("never retried").isEmpty();
        assertThat(handled).isEmpty();
        assertThat(dynamoDbRequests()).as("nothing claimed").isEmpty();
        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        String error = assertDeadLetter(letters.getFirst(), body, TestQueue.attributesOf(v2), DeadLetterReason.UNSUPPORTED_VERSION,
                1, before, Instant.now());
        assertThat(error).contains("order.shipped v2").contains("up to v1").contains("BACKWARD_TRANSITIVE");

        // The consumer is deployed reading v2; the dead letter goes back as it came (the dlq-* attributes dropped).
        redrive(queue, letters.getFirst());
        SQSEvent again = queue.receive(1);
        SQSBatchResponse redriven = reading(SINCE_V2).process(again, context);
        queue.acknowledge(again, redriven);

        assertThat(redriven.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(v2);
        assertThat(idempotencyRecord(v2).get("status").s()).isEqualTo("COMPLETED");
        assertThat(queue.depth()).isZero();
    }

    /** What {@code ./eventflow dlq redrive} does to one message where SQS cannot move it: send back, then delete. */
    private void redrive(TestQueue queue, Message letter) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(letter.messageAttributes());
        attributes.keySet().removeIf(name -> name.startsWith("dlq-"));
        queue.sendRaw(letter.body(), attributes);
        sqs.deleteMessage(request -> request.queueUrl(queue.deadLetterUrl()).receiptHandle(letter.receiptHandle()));
    }
}
