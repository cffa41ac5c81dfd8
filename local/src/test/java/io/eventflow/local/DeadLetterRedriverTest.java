package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/** {@code dlq redrive} moves dead-lettered messages back to their queue, without the dlq-* attributes, losing none. */
@ExtendWith(AwsEmulatorExtension.class)
class DeadLetterRedriverTest {

    @Test
    void redriveWithMaxMovesExactlyThatManyBackWithTheirOriginalAttributes(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            ConsumerQueues notifier = StackLocator.consumers(runner.stack().outputs()).get("notifier");
            Set<String> bodies = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Event event = DeadLetters.event("order.shipped");
                bodies.add(DeadLetters.body(event));
                DeadLetters.send(sqs, notifier.deadLetterQueueUrl(), DeadLetters.body(event),
                        DeadLetters.deadLettered(event, DeadLetterReason.RETRIES_EXHAUSTED, "mail server down"));
            }
            List<long[]> progress = new ArrayList<>();

            DeadLetterRedriver.Result result = new DeadLetterRedriver(sqs)
                    .redrive(notifier, OptionalLong.of(3), OptionalDouble.empty(), (done, total) -> progress.add(new long[] {done, total}));

            assertThat(result.moved()).isEqualTo(3);
            assertThat(result.total()).isEqualTo(3);
            assertThat(result.complete()).isTrue();
            assertThat(result.method()).isEqualTo(DeadLetterRedriver.Method.RECEIVE_SEND_DELETE);
            assertThat(progress.getLast()).containsExactly(3, 3);

            List<Message> back = DeadLetters.receiveAll(sqs, notifier.queueUrl());
            List<Message> left = DeadLetters.receiveAll(sqs, notifier.deadLetterQueueUrl());
            assertThat(back).hasSize(3);
            assertThat(left).hasSize(2);
            List<String> all = new ArrayList<>();
            back.forEach(message -> all.add(message.body()));
            left.forEach(message -> all.add(message.body()));
            assertThat(all).as("nothing lost, nothing doubled").containsExactlyInAnyOrderElementsOf(bodies);
            for (Message message : back) {
                assertThat(message.messageAttributes().keySet()).containsExactlyInAnyOrder("type", "event-id", "traceparent");
                assertThat(message.messageAttributes().get("traceparent").stringValue()).isEqualTo(DeadLetters.TRACEPARENT);
                assertThat(message.body()).contains(message.messageAttributes().get("event-id").stringValue());
            }
            assertThat(left).allSatisfy(message -> assertThat(message.messageAttributes()).containsKey("dlq-reason"));
        }
    }

    @Test
    void whereStartMessageMoveTaskIsMissingItMovesByHandAtTheGivenRate(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            ConsumerQueues analytics = StackLocator.consumers(runner.stack().outputs()).get("analytics");
            for (int i = 0; i < 5; i++) {
                Event event = DeadLetters.event("account.opened");
                DeadLetters.send(sqs, analytics.deadLetterQueueUrl(), DeadLetters.body(event), DeadLetters.eventAttributes(event));
            }

            Map<Long, Long> nanosAtDone = new ConcurrentHashMap<>();

            DeadLetterRedriver.Result result = new DeadLetterRedriver(sqs).redrive(analytics, OptionalLong.empty(),
                    OptionalDouble.of(10), (done, total) -> nanosAtDone.putIfAbsent(done, System.nanoTime()));

            assertThat(result.moved()).isEqualTo(5);
            assertThat(result.complete()).isTrue();
            if (emulator.kind() == AwsEmulator.Kind.MOTO) { // moto has no StartMessageMoveTask: the fallback ran
                assertThat(result.method()).isEqualTo(DeadLetterRedriver.Method.RECEIVE_SEND_DELETE);
                assertThat(result.note()).contains("StartMessageMoveTask is not available");
                // Ten a second: the five sends start at 0, 0.1, ..., 0.4 s after the move began.
                assertThat(Duration.ofNanos(nanosAtDone.get(5L) - nanosAtDone.get(0L))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            }
            assertThat(DeadLetters.receiveAll(sqs, analytics.queueUrl())).hasSize(5);
            assertThat(runner.depth(analytics.deadLetterQueueUrl())).isZero();
        }
    }

    @Test
    void onlyAnEndpointThatCannotRunAMoveTaskLeadsToMovingByHand() {
        assertThat(DeadLetterRedriver.moveTaskUnavailable(sqsError(500, null))).as("moto: not implemented").isTrue();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(sqsError(400, "AWS.SimpleQueueService.UnsupportedOperation"))).isTrue();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(UnsupportedOperationException.builder().statusCode(400).build())).isTrue();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(sqsError(400, "InvalidAction"))).isTrue();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(sqsError(403, "AccessDenied"))).as("a real refusal is reported").isFalse();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(ResourceNotFoundException.builder().statusCode(400).build())).isFalse();
        assertThat(DeadLetterRedriver.moveTaskUnavailable(sqsError(400, "RequestThrottled"))).isFalse();
    }

    private static SqsException sqsError(int status, String code) {
        return (SqsException) SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    @Test
    void aFifoRedriveKeepsTheMessageGroup(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            String name = "t" + UUID.randomUUID().toString().substring(0, 8);
            String dlq = sqs.createQueue(request -> request.queueName(name + "-dlq.fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            String queue = sqs.createQueue(request -> request.queueName(name + ".fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            sqs.sendMessage(request -> request.queueUrl(dlq).messageBody("{\"n\":1}").messageGroupId("account-42")
                    .messageDeduplicationId("d1"));

            DeadLetterRedriver.Result result = new DeadLetterRedriver(sqs).redrive(new ConsumerQueues("ledger", queue, dlq),
                    OptionalLong.of(10), OptionalDouble.empty(), (done, total) -> {});

            assertThat(result.moved()).isEqualTo(1);
            List<Message> back = DeadLetters.receiveAll(sqs, queue);
            assertThat(back).singleElement().satisfies(message -> {
                assertThat(message.body()).isEqualTo("{\"n\":1}");
                assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "account-42");
            });
        }
    }
}
