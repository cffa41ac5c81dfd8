package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.aws.AwsClients;
import io.eventflow.consume.Backoff;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The failure policy alone, on real queues: what each kind of failure makes of a record, and what it sends. */
@ExtendWith(AwsEmulatorExtension.class)
class FailurePolicyTest {

    private static AwsClients clients;
    private static SqsClient sqs;

    /** Every backoff is 0 s, so a retried record is receivable again at once. */
    private final FailurePolicy policy = new FailurePolicy("c", sqs,
            Backoff.builder().base(Duration.ofMillis(1)).cap(Duration.ofMillis(1)).build(), new Random(42), Clock.systemUTC());

    @BeforeAll
    static void createClients(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
        sqs = clients.sqs();
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    private static SqsRecord received(TestQueue queue) {
        return new SqsRecord(0, queue.receive(1).getRecords().getFirst());
    }

    @Test
    void aRetryableFailureIsRetriedUntilTheLastAllowedReceiveAndThenDeadLetteredWithTheError() {
        TestQueue queue = TestQueue.create(sqs, 2);
        Event event = ExampleEvents.fresh("order.shipped");
        queue.send(event);

        Failures first = Failures.begin(policy);
        RecordResult retried = first.failed(received(queue), event, new IllegalStateException("mail server down"));
        first.apply();
        assertThat(retried.outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(retried.error()).contains("mail server down");

        Failures second = Failures.begin(policy);
        RecordResult last = second.failed(received(queue), event, new IllegalStateException("mail server down"));
        second.apply();
        assertThat(last.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(last.error()).startsWith(DeadLetterReason.RETRIES_EXHAUSTED.code());
        assertThat(queue.deadLetters()).singleElement().satisfies(letter -> assertThat(
                letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("retries-exhausted"));
        assertThat(queue.depth()).as("the original is deleted").isZero();
    }

    @Test
    void aNonRetryableFailureGoesToTheDeadLetterQueueOnItsFirstReceive() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.shipped");
        queue.send(event);

        RecordResult result = Failures.begin(policy).failed(received(queue), event, new NonRetryableException("order cancelled"));

        assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(queue.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("non-retryable");
            assertThat(letter.messageAttributes().get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).isEqualTo("order cancelled");
        });
    }

    @Test
    void aRecordNotStartedOnItsNextToLastReceiveIsPutBackAsANewMessage() {
        TestQueue queue = TestQueue.create(sqs, 2);
        Event event = ExampleEvents.fresh("order.shipped");
        queue.send(event);
        Failures first = Failures.begin(policy);
        first.retry(received(queue), event, "busy");
        first.apply();

        SqsRecord again = received(queue);
        assertThat(again.receiveCount()).isEqualTo(2);
        RecordResult result = Failures.begin(policy).notStarted(again, "out of time");

        assertThat(result.outcome()).isEqualTo(RecordOutcome.NOT_STARTED);
        assertThat(result.error()).contains("put back as a new message");
        assertThat(received(queue).receiveCount()).as("the copy starts its receives afresh").isEqualTo(1);
    }
}
