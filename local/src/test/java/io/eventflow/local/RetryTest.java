package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.Poll;
import io.eventflow.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A handler failure leaves the message for SQS to deliver again; the later success completes it once. */
@ExtendWith(AwsEmulatorExtension.class)
class RetryTest {

    @Test
    void aFailedSendIsRetriedAndThenSentExactlyOnce(AwsEmulator emulator) throws InterruptedException {
        Event signedUp = TestStacks.example("user.signed_up").toBuilder().id(null).build();
        try (LocalRunner runner = TestStacks.runner(emulator).parameter("SenderEmail", "retry-" + System.nanoTime() + "@example.com").build();
             SesV2Client ses = runner.clients().configure(SesV2Client.builder())) {
            String sender = runner.stack().parameters().get("SenderEmail");
            String queueUrl = runner.stack().ref("NotifierQueue");
            // SES refuses an unverified sender: a real, retryable failure of the email effect.
            ses.deleteEmailIdentity(request -> request.emailIdentity(sender));
            // Stand-in for the template's 180 s visibility timeout, so the redelivery comes within the test.
            runner.clients().sqs().setQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
            runner.start();
            runner.publisher().publish(signedUp);

            ConsumerCounters notifier = runner.counters().get("notifier");
            awaitUntil(() -> notifier.failed() >= 2, Duration.ofSeconds(20));
            assertThat(runner.depth(queueUrl)).as("the failed message is still queued").isEqualTo(1);
            // Between two attempts the record is FAILED; during one (the next retry may have begun) it is INPROGRESS.
            awaitUntil(() -> idempotencyRecord(runner, signedUp).get("status").s().equals("FAILED"), Duration.ofSeconds(20));
            assertThat(idempotencyRecord(runner, signedUp).get("last_error").s()).contains("not verified");

            ses.createEmailIdentity(request -> request.emailIdentity(sender));
            assertThat(runner.awaitDrained(Duration.ofSeconds(20))).isTrue();

            assertThat(notifier.processed()).isEqualTo(1);
            assertThat(emulator.sentEmails()).filteredOn(email -> email.from().equals(sender)).hasSize(1);
            Map<String, AttributeValue> record = idempotencyRecord(runner, signedUp);
            assertThat(record.get("status").s()).isEqualTo("COMPLETED");
            assertThat(Long.parseLong(record.get("attempts").n())).isEqualTo(notifier.failed() + 1);
        }
    }

    private static Map<String, AttributeValue> idempotencyRecord(LocalRunner runner, Event event) {
        return runner.clients().dynamoDb().getItem(request -> request
                .tableName(runner.stack().ref("IdempotencyTable"))
                .key(Map.of("id", AttributeValue.fromS("notifier#" + event.id())))
                .consistentRead(true)).item();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
        if (!Poll.every(Duration.ofMillis(100)).forAtMost(timeout).until(condition)) {
            throw new AssertionError("condition not met within " + timeout);
        }
    }
}
