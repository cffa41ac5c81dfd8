package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** {@code dlq list} and {@code dlq show} read dead-letter queues of a real stack without consuming anything. */
@ExtendWith(AwsEmulatorExtension.class)
class DeadLetterInspectorTest {

    @Test
    void listCountsTheMessagesGroupsTheirReasonsAndFindsTheOldest(AwsEmulator emulator) throws InterruptedException {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            Map<String, ConsumerQueues> consumers = StackLocator.consumers(runner.stack().outputs());
            String dlq = consumers.get("notifier").deadLetterQueueUrl();

            Instant beforeFirst = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Event first = DeadLetters.event("order.shipped");
            String oldestId = DeadLetters.send(sqs, dlq, "{not json",
                    DeadLetters.deadLettered(first, DeadLetterReason.MALFORMED, "not a CloudEvents 1.0 JSON event"));
            Instant afterFirst = Instant.now();
            Thread.sleep(20); // the others are younger, even at SentTimestamp's millisecond precision
            Event second = DeadLetters.event("order.shipped");
            DeadLetters.send(sqs, dlq, DeadLetters.body(second), DeadLetters.deadLettered(second, DeadLetterReason.MALFORMED, "x"));
            Event invalid = DeadLetters.event("user.signed_up");
            DeadLetters.send(sqs, dlq, DeadLetters.body(invalid),
                    DeadLetters.deadLettered(invalid, DeadLetterReason.SCHEMA_INVALID, "$.data.email: required"));
            for (int i = 0; i < 2; i++) { // moved by SQS after maxReceiveCount: only the event's own attributes
                Event exhausted = DeadLetters.event("user.signed_up");
                DeadLetters.send(sqs, dlq, DeadLetters.body(exhausted), DeadLetters.eventAttributes(exhausted));
            }

            DeadLetterInspector inspector = new DeadLetterInspector(sqs);
            DeadLetterSummary notifier = inspector.summarize(consumers.get("notifier"));
            DeadLetterSummary analytics = inspector.summarize(consumers.get("analytics"));

            assertThat(notifier.messages()).isEqualTo(5);
            assertThat(notifier.peeked()).isEqualTo(5);
            assertThat(notifier.capped()).isFalse();
            assertThat(notifier.reasons()).containsExactly(
                    Map.entry("malformed", 2L), Map.entry(DeadLetterMessage.NO_REASON, 2L), Map.entry("schema-invalid", 1L));
            assertThat(notifier.oldestSentAt()).isBetween(beforeFirst, afterFirst);
            assertThat(inspector.peek(dlq, 10).getFirst().messageId()).isEqualTo(oldestId);
            assertThat(notifier.oldestAge(Instant.now())).isPositive();
            assertThat(runner.depth(dlq)).as("released, still all there").isEqualTo(5);
            assertThat(notifier.inFlight()).isZero();

            assertThat(analytics.messages()).isZero();
            assertThat(analytics.reasons()).isEmpty();
            assertThat(analytics.oldestSentAt()).isNull();
        }
    }

    @Test
    void showReturnsEachMessageWithItsReasonAndLeavesItInTheQueue(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            String dlq = runner.stack().ref("NotifierDeadLetterQueue");
            Event shipped = DeadLetters.event("order.shipped");
            String failedId = DeadLetters.send(sqs, dlq, DeadLetters.body(shipped),
                    DeadLetters.deadLettered(shipped, DeadLetterReason.NON_RETRYABLE, "order ord_456 has no email address"));
            String malformedId = DeadLetters.send(sqs, dlq, "{\"id\": \"abc\", \"type\": \"order.shipped\"", Map.of());

            DeadLetterInspector inspector = new DeadLetterInspector(sqs);
            List<DeadLetterMessage> shown = inspector.peek(dlq, 10);
            List<DeadLetterMessage> again = inspector.peek(dlq, 10);

            assertThat(shown).extracting(DeadLetterMessage::messageId).containsExactlyInAnyOrder(failedId, malformedId);
            assertThat(again).extracting(DeadLetterMessage::messageId).as("a second show sees the same")
                    .containsExactlyInAnyOrderElementsOf(shown.stream().map(DeadLetterMessage::messageId).toList());
            assertThat(runner.depth(dlq)).isEqualTo(2);

            DeadLetterMessage failed = shown.stream().filter(m -> m.messageId().equals(failedId)).findFirst().orElseThrow();
            assertThat(failed.reason()).isEqualTo("non-retryable");
            assertThat(failed.error()).isEqualTo("order ord_456 has no email address");
            assertThat(failed.consumer()).isEqualTo("notifier");
            assertThat(failed.receiveCount()).isEqualTo(1);
            assertThat(failed.failedAt()).isEqualTo("2026-02-11T10:00:00Z");
            assertThat(failed.eventType()).isEqualTo("order.shipped");
            assertThat(failed.eventId()).isEqualTo(shipped.id());
            assertThat(failed.bodyExcerpt(40)).hasSize(40).endsWith("...");

            DeadLetterMessage malformed = shown.stream().filter(m -> m.messageId().equals(malformedId)).findFirst().orElseThrow();
            assertThat(malformed.reason()).isEqualTo(DeadLetterMessage.NO_REASON);
            assertThat(malformed.error()).isNull();
            assertThat(malformed.eventType()).as("no attribute, body unreadable").isNull();

            String text = DeadLetterReports.showText(new ConsumerQueues("notifier", runner.stack().ref("NotifierQueue"), dlq), 2, shown);
            assertThat(text).contains("2 messages in " + dlq).contains("reason non-retryable")
                    .contains("order.shipped " + shipped.id()).contains("error     order ord_456 has no email address");
        }
    }

    @Test
    void listReadsAtMostOneHundredMessagesAndSaysTheAgeIsALowerBound(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            ConsumerQueues analytics = StackLocator.consumers(runner.stack().outputs()).get("analytics");
            int total = DeadLetterInspector.SUMMARY_PEEK_LIMIT + 5;
            for (int start = 0; start < total; start += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = start; i < Math.min(total, start + 10); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("{\"n\":" + i + "}").build());
                }
                sqs.sendMessageBatch(request -> request.queueUrl(analytics.deadLetterQueueUrl()).entries(entries));
            }

            DeadLetterSummary summary = new DeadLetterInspector(sqs).summarize(analytics);

            assertThat(summary.messages()).isEqualTo(total);
            assertThat(summary.peeked()).isEqualTo(DeadLetterInspector.SUMMARY_PEEK_LIMIT);
            assertThat(summary.capped()).isTrue();
            assertThat(summary.reasons()).containsExactly(Map.entry(DeadLetterMessage.NO_REASON, 100L));
            assertThat(runner.depth(analytics.deadLetterQueueUrl())).isEqualTo(total);
            StackLocator.LocatedStack stack = new StackLocator.LocatedStack("t", "test", runner.clients(), runner.stack().outputs());
            assertThat(DeadLetterReports.listText(stack, List.of(summary), Instant.now()))
                    .contains("≥ ").contains("redrive 100 (in the 100 read)");
        }
    }
}
