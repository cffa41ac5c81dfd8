package io.eventflow.consume;

import static io.eventflow.testing.TestQueue.attributesOf;
import static io.eventflow.testing.TestQueue.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Retryable failures (backoff with full jitter, retries exhausted on the last receive), records another worker holds,
 * and the invocation's time margin.
 */
class SqsBatchProcessorRetryTest extends ProcessorTestSupport {

    private static final EventCodec CODEC = new EventCodec();
    private static final String DOWN = "mail server down";

    private final AtomicBoolean mailServerDown = new AtomicBoolean(true);

    /** Fails with a retryable error while the mail server is down; records what it handled. */
    private SqsBatchProcessor.Builder mailer() {
        return builder().handler(delivery -> {
            if (mailServerDown.get()) {
                throw new IllegalStateException(DOWN);
            }
            handled.add(delivery.event());
        });
    }

    // --- retryable failures ---

    @Test
    void aRetryableFailureIsReportedKeptAndHiddenForItsJitteredBackoff() {
        Backoff tenMinutes = Backoff.builder().base(Duration.ofMinutes(10)).cap(Duration.ofMinutes(10)).build();
        int expectedDelay = tenMinutes.delaySeconds(1, new Random(SEED));
        assertThat(expectedDelay).as("the seed draws a delay worth observing").isBetween(10, 600);
        // With a zero visibility timeout a received message stays receivable: only a backoff can hide it.
        TestQueue queue = TestQueue.create(sqs, 5, false, Duration.ZERO);
        Event event = ExampleEvents.fresh("user.signed_up");
        String messageId = queue.send(event).getFirst();
        SQSEvent batch = queue.receive(1);
        assertThat(queue.notVisible()).as("nothing hidden before processing").isZero();

        SQSBatchResponse response = mailer().backoff(tenMinutes).build().process(batch, context);

        assertThat(failedIds(response)).containsExactly(messageId);
        RecordResult result = resultOf(messageId);
        assertThat(result.outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(result.eventId()).isEqualTo(event.id());
        assertThat(result.error()).isEqualTo("java.lang.IllegalStateException: " + DOWN);
        assertThat(visibilityChanges()).as("the seeded jitter, in one batch request").containsExactly(expectedDelay);
        assertThat(queue.notVisible()).as("hidden by the backoff").isEqualTo(1);
        assertThat(queue.receiveNow().getRecords()).as("not receivable during the backoff").isEmpty();
        assertThat(queue.depth()).as("still in the source queue").isEqualTo(1);
        assertThat(queue.deadLetterDepth()).isZero();
        Map<String, AttributeValue> record = idempotencyRecord(event);
        assertThat(record.get("status").s()).isEqualTo("FAILED");
        assertThat(record.get("attempts").n()).isEqualTo("1");
        assertThat(record.get("last_error").s()).isEqualTo("IllegalStateException: " + DOWN);
        assertThat(record).as("released for the retry").doesNotContainKey("lease_until");
    }

    @Test
    void withATinyBackoffTheRecordComesBackAtOnceAndIsProcessedExactlyOnceAfterRecovery() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("user.signed_up");
        String messageId = queue.send(event).getFirst();
        SqsBatchProcessor processor = mailer().backoff(IMMEDIATE).build();

        SQSBatchResponse failed = processor.process(queue.receive(1), context);

        assertThat(failedIds(failed)).containsExactly(messageId);
        assertThat(visibilityChanges()).containsExactly(0);
        // The queue's own visibility timeout is 30 s: only the 0-s backoff can make it receivable this soon.
        SQSEvent retry = queue.receiveNow();
        assertThat(messageIds(retry)).containsExactly(messageId);
        assertThat(receiveCountOf(retry.getRecords().getFirst())).isEqualTo("2");

        mailServerDown.set(false);
        SQSBatchResponse recovered = processor.process(retry, context);
        queue.acknowledge(retry, recovered);

        assertThat(recovered.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(outcomes()).containsExactly(RecordOutcome.RETRIED, RecordOutcome.PROCESSED);
        Map<String, AttributeValue> record = idempotencyRecord(event);
        assertThat(record.get("status").s()).isEqualTo("COMPLETED");
        assertThat(record.get("attempts").n()).isEqualTo("2");
        assertThat(queue.depth()).isZero();

        // A republished copy of the same event is a duplicate: the effect stays at once.
        queue.send(event);
        SQSBatchResponse again = processor.process(queue.receive(1), context);

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(outcomes().getLast()).isEqualTo(RecordOutcome.DUPLICATE);
    }

    @Test
    void theBackoffCeilingDoublesWithEachReceive() {
        Backoff backoff = Backoff.builder().base(Duration.ofSeconds(10)).cap(Duration.ofHours(1)).build();
        Random twin = new Random(SEED);
        List<Integer> expected = List.of(backoff.delaySeconds(1, twin), backoff.delaySeconds(2, twin), backoff.delaySeconds(3, twin));
        TestQueue queue = TestQueue.create(sqs, 10);
        queue.send(ExampleEvents.fresh("order.created"));
        SqsBatchProcessor processor = mailer().backoff(backoff).build();

        for (int receive = 1; receive <= 3; receive++) {
            SQSEvent batch = queue.receive(1);
            assertThat(receiveCountOf(batch.getRecords().getFirst())).isEqualTo(Integer.toString(receive));
            processor.process(batch, context);
            queue.makeVisible(batch);
        }

        assertThat(visibilityChanges()).as("one draw per receive from the seeded generator").containsExactlyElementsOf(expected);
        assertThat(expected.get(0)).isBetween(0, 10);
        assertThat(expected.get(1)).isBetween(0, 20);
        assertThat(expected.get(2)).isBetween(0, 40);
        assertThat(outcomes()).containsOnly(RecordOutcome.RETRIED);
    }

    @Test
    void aBatchOfFailuresLooksTheQueueUpOnceAndBacksOffInOneRequest() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<String> ids = queue.send(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.shipped"),
                ExampleEvents.fresh("user.signed_up"));
        SqsBatchProcessor processor = mailer().build();
        SQSEvent first = queue.receive(3);

        SQSBatchResponse response = processor.process(first, context);

        assertThat(failedIds(response)).containsExactlyInAnyOrderElementsOf(ids);
        // No sqs:GetQueueUrl, which a function's role does not hold: both URLs come from the ARNs.
        assertThat(requests.of(GetQueueUrlRequest.class)).as("the queue and its dead-letter queue").isEmpty();
        assertThat(requests.of(GetQueueAttributesRequest.class)).as("its RedrivePolicy").hasSize(1);
        assertThat(requests.of(ChangeMessageVisibilityBatchRequest.class)).singleElement()
                .satisfies(request -> assertThat(request.entries()).hasSize(3));

        requests.clear();
        queue.makeVisible(first);
        processor.process(queue.receive(3), context);

        assertThat(requests.of(GetQueueUrlRequest.class)).as("looked up once per execution environment").isEmpty();
        assertThat(requests.of(GetQueueAttributesRequest.class)).isEmpty();
        assertThat(requests.of(ChangeMessageVisibilityBatchRequest.class)).hasSize(1);
    }

    @Test
    void onTheLastAllowedReceiveARetryableFailureIsDeadLetteredWithTheError() {
        TestQueue queue = TestQueue.create(sqs, 2);
        Event event = ExampleEvents.fresh("order.shipped");
        String messageId = queue.send(event).getFirst();
        SqsBatchProcessor processor = mailer().backoff(IMMEDIATE).build();
        SQSBatchResponse first = processor.process(queue.receive(1), context);
        assertThat(failedIds(first)).containsExactly(messageId);
        SQSEvent last = queue.receiveNow();
        assertThat(messageIds(last)).containsExactly(messageId);
        assertThat(receiveCountOf(last.getRecords().getFirst())).isEqualTo("2");
        Instant before = Instant.now();

        SQSBatchResponse response = processor.process(last, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(outcomes()).containsExactly(RecordOutcome.RETRIED, RecordOutcome.DEAD_LETTERED);
        assertThat(results.getLast().error()).isEqualTo("retries-exhausted: java.lang.IllegalStateException: " + DOWN);
        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(assertDeadLetter(letters.getFirst(), CODEC.encode(event), attributesOf(event),
                DeadLetterReason.RETRIES_EXHAUSTED, 2, before, after)).isEqualTo("java.lang.IllegalStateException: " + DOWN);
        Map<String, AttributeValue> record = idempotencyRecord(event);
        assertThat(record.get("status").s()).isEqualTo("FAILED");
        assertThat(record.get("attempts").n()).isEqualTo("2");
        assertThat(handled).isEmpty();
    }

    // --- another worker holds the record ---

    @Test
    void aRecordAnotherWorkerHoldsIsRetriedSoonAndOnTheLastReceiveRequeuedInsteadOfDeadLettered() {
        TestQueue queue = TestQueue.create(sqs, 2);
        Event event = ExampleEvents.fresh("order.shipped");
        assertThat(otherWorker.claim(key(event), PayloadHash.of(event), Duration.ofMinutes(10))).isEqualTo(ClaimOutcome.CLAIMED);
        String messageId = queue.send(event).getFirst();
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE).handler(delivery -> handled.add(delivery.event())).build();

        SQSBatchResponse first = processor.process(queue.receive(1), context);

        assertThat(failedIds(first)).containsExactly(messageId);
        assertThat(resultOf(messageId).outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(resultOf(messageId).error()).contains("another worker").contains(event.id());

        SQSEvent last = queue.receiveNow();
        assertThat(messageIds(last)).as("back after the short backoff").containsExactly(messageId);
        assertThat(receiveCountOf(last.getRecords().getFirst())).isEqualTo("2");
        results.clear();
        SQSBatchResponse onLastReceive = processor.process(last, context);

        RecordResult requeued = resultOf(messageId);
        assertThat(requeued.outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(requeued.error()).contains("requeued as a new message");
        assertThat(onLastReceive.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(messageId);
        assertThat(queue.depth()).as("exactly one copy").isEqualTo(1);
        assertThat(queue.deadLetterDepth()).isZero();

        SQSEvent copy = queue.receive(1);
        SQSEvent.SQSMessage fresh = copy.getRecords().getFirst();
        assertThat(fresh.getMessageId()).isNotEqualTo(messageId);
        assertThat(receiveCountOf(fresh)).as("a new message starts counting again").isEqualTo("1");
        assertThat(fresh.getBody()).isEqualTo(CODEC.encode(event));
        assertThat(fresh.getMessageAttributes().get("type").getStringValue()).isEqualTo(event.type());
        assertThat(fresh.getMessageAttributes().get("event-id").getStringValue()).isEqualTo(event.id());
        assertThat(queue.deadLetterDepth()).as("the original never reached the DLQ").isZero();
        assertThat(handled).isEmpty();
        Map<String, AttributeValue> record = idempotencyRecord(event);
        assertThat(record.get("status").s()).as("the other worker's claim is untouched").isEqualTo("INPROGRESS");
        assertThat(record.get("attempts").n()).isEqualTo("1");

        // The other worker gives up; the copy is then processed once.
        otherWorker.fail(key(event), PayloadHash.of(event), new IllegalStateException("worker crashed"));
        SQSBatchResponse afterRelease = processor.process(copy, context);

        assertThat(afterRelease.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("COMPLETED");
    }

    // --- the time margin ---

    @Test
    void withLessThanTheTimeMarginLeftNoRecordIsStarted() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.shipped"),
                ExampleEvents.fresh("user.signed_up"));
        List<String> ids = queue.send(events.toArray(Event[]::new));
        SQSEvent batch = queue.receive(3);
        context.setRemainingTimeInMillis(1_000);

        SQSBatchResponse response = builder().timeMargin(Duration.ofSeconds(3)).handler(delivery -> handled.add(delivery.event())).build()
                .process(batch, context);

        assertThat(failedIds(response)).containsExactlyElementsOf(messageIds(batch));
        assertThat(failedIds(response)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(handled).isEmpty();
        assertThat(results).allSatisfy(result -> {
            assertThat(result.outcome()).isEqualTo(RecordOutcome.NOT_STARTED);
            assertThat(result.error()).contains("3000 ms");
        });
        assertThat(results).hasSize(3);
        assertThat(dynamoDbRequests()).as("no idempotency record written or read").isEmpty();
        for (Event event : events) {
            assertThat(idempotencyRecord(event)).isEmpty();
        }
        assertThat(sqsRequests()).as("left to the queue's own visibility timeout").isEmpty();
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.deadLetterDepth()).isZero();
    }

    @Test
    void aRecordNeverStartedIsPutBackBeforeUnattemptedReceivesUseUpItsAttempts() {
        TestQueue queue = TestQueue.create(sqs, 3, false, Duration.ZERO);
        Event event = ExampleEvents.fresh("order.created");
        String messageId = queue.send(event).getFirst();
        SqsBatchProcessor processor = builder().timeMargin(Duration.ofSeconds(3)).handler(delivery -> handled.add(delivery.event())).build();
        context.setRemainingTimeInMillis(1_000);

        processor.process(queue.receive(1), context); // receive 1 of 3: left to come back
        assertThat(queue.depth()).isEqualTo(1);
        SQSEvent second = queue.receive(1);
        assertThat(receiveCountOf(second.getRecords().getFirst())).isEqualTo("2");
        results.clear();
        processor.process(second, context); // receive 2 of 3: the next would be its last, unattempted

        assertThat(resultOf(messageId).outcome()).isEqualTo(RecordOutcome.NOT_STARTED);
        assertThat(resultOf(messageId).error()).contains("put back as a new message");
        SQSEvent.SQSMessage fresh = queue.receive(1).getRecords().getFirst();
        assertThat(fresh.getMessageId()).isNotEqualTo(messageId);
        assertThat(receiveCountOf(fresh)).isEqualTo("1");
        assertThat(fresh.getBody()).isEqualTo(CODEC.encode(event));
        assertThat(queue.deadLetterDepth()).isZero();
        assertThat(handled).isEmpty();
    }

    @Test
    void recordsAfterTheTimeMarginIsReachedAreNotStarted() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = new ArrayList<>(List.of(ExampleEvents.fresh("order.created"),
                ExampleEvents.fresh("order.shipped"), ExampleEvents.fresh("user.signed_up")));
        queue.send(events.toArray(Event[]::new));
        SQSEvent batch = queue.receive(3);
        List<String> order = messageIds(batch);
        SqsBatchProcessor processor = builder().timeMargin(Duration.ofSeconds(3)).handler(delivery -> {
            handled.add(delivery.event());
            // The first record took almost all of the invocation.
            context.setRemainingTimeInMillis(2_999);
        }).build();

        SQSBatchResponse response = processor.process(batch, context);

        assertThat(failedIds(response)).containsExactlyElementsOf(order.subList(1, 3));
        assertThat(outcomes()).containsExactly(RecordOutcome.PROCESSED, RecordOutcome.NOT_STARTED, RecordOutcome.NOT_STARTED);
        assertThat(handled).hasSize(1);
        Event started = handled.getFirst();
        for (Event event : events) {
            assertThat(idempotencyRecord(event)).as("record of %s", event.id())
                    .satisfies(record -> assertThat(record.isEmpty()).isEqualTo(!event.equals(started)));
        }
    }
}
