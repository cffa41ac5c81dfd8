package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.internal.PlatformLimits;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestQueue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Dead-lettering one record on real queues: which attributes go along when SQS's limit of ten leaves no room. */
@ExtendWith(AwsEmulatorExtension.class)
class DeadLetterSenderTest {

    private static final Instant NOW = Instant.parse("2026-02-11T15:30:00.123Z");
    private static final List<String> OURS = List.of(DeadLetterReason.ATTRIBUTE, DeadLetterReason.ERROR_ATTRIBUTE,
            DeadLetterReason.CONSUMER_ATTRIBUTE, DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE, DeadLetterReason.FAILED_AT_ATTRIBUTE);
    private static final byte[] BLOB = "binary payload".getBytes(StandardCharsets.UTF_8);

    private static AwsClients clients;
    private static SqsClient sqs;

    private final DeadLetterSender sender = new DeadLetterSender(sqs, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void createClients(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
        sqs = clients.sqs();
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    /** Eight attributes in no particular order: the four kept first, and four others (alpha is binary). */
    private static Map<String, MessageAttributeValue> eightAttributes() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("zeta", TestQueue.string("z"));
        attributes.put("tracestate", TestQueue.string("vendor=1"));
        attributes.put("beta", MessageAttributeValue.builder().dataType("Number").stringValue("42").build());
        attributes.put("event-id", TestQueue.string("0194f7a0-1c00-7000-8000-000000000002"));
        attributes.put("alpha", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(BLOB)).build());
        attributes.put("traceparent", TestQueue.string("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        attributes.put("gamma", TestQueue.string("g"));
        attributes.put("type", TestQueue.string("order.shipped"));
        return attributes;
    }

    private static SqsRecord received(TestQueue queue, String body, Map<String, MessageAttributeValue> attributes) {
        queue.sendRaw(body, attributes);
        SQSEvent.SQSMessage message = queue.receive(1).getRecords().getFirst();
        assertThat(message.getMessageAttributes()).hasSameSizeAs(attributes);
        return new SqsRecord(0, message);
    }

    @Test
    void ourFiveAttributesComeFirstThenRoutingAndTracingThenTheAlphabeticallyFirstOthers() {
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsRecord message = received(queue, "{}", eightAttributes());

        Map<String, MessageAttributeValue> attributes = sender.attributes(message, "notifier", DeadLetterReason.SCHEMA_INVALID,
                "$.data.tracking_number: required");

        assertThat(DeadLetterSender.MAX_ATTRIBUTES).isEqualTo(10);
        assertThat(attributes.keySet()).containsExactly(DeadLetterReason.ATTRIBUTE, DeadLetterReason.ERROR_ATTRIBUTE,
                DeadLetterReason.CONSUMER_ATTRIBUTE, DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE, DeadLetterReason.FAILED_AT_ATTRIBUTE,
                "type", "event-id", "traceparent", "tracestate", "alpha");
        assertThat(attributes.get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("schema-invalid");
        assertThat(attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).isEqualTo("$.data.tracking_number: required");
        assertThat(attributes.get(DeadLetterReason.CONSUMER_ATTRIBUTE).stringValue()).isEqualTo("notifier");
        assertThat(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).dataType()).isEqualTo("Number");
        assertThat(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).isEqualTo("1");
        assertThat(attributes.get(DeadLetterReason.FAILED_AT_ATTRIBUTE).stringValue()).isEqualTo("2026-02-11T15:30:00.123Z");
        assertThat(attributes.get("traceparent").stringValue()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(attributes.get("alpha").dataType()).isEqualTo("Binary");
        assertThat(attributes.get("alpha").binaryValue().asByteArray()).isEqualTo(BLOB);
    }

    @Test
    void sentForRealTheDeadLetterCarriesExactlyThoseTenAndTheOriginalIsDeleted() {
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsRecord message = received(queue, "{\"broken\": ", eightAttributes());
        SourceQueue source = new SourceQueues(sqs).of(queue.arn());

        sender.send(source, message, "notifier", DeadLetterReason.MALFORMED, "not a CloudEvents 1.0 JSON event");

        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        Message letter = letters.getFirst();
        assertThat(letter.body()).isEqualTo("{\"broken\": ");
        assertThat(letter.messageAttributes().keySet()).containsExactlyInAnyOrder(DeadLetterReason.ATTRIBUTE,
                DeadLetterReason.ERROR_ATTRIBUTE, DeadLetterReason.CONSUMER_ATTRIBUTE, DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE,
                DeadLetterReason.FAILED_AT_ATTRIBUTE, "type", "event-id", "traceparent", "tracestate", "alpha");
        assertThat(letter.messageAttributes().get("alpha").binaryValue().asByteArray()).isEqualTo(BLOB);
        assertThat(letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("malformed");
    }

    @Test
    void aLongErrorIsCutToAThousandCharactersAndAMissingOneIsTheReason() {
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsRecord message = received(queue, "{}", Map.of("type", TestQueue.string("order.shipped")));
        String longError = "x".repeat(990) + "0123456789" + "y".repeat(4_000);

        String cut = sender.attributes(message, "c", DeadLetterReason.NON_RETRYABLE, longError)
                .get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();
        String blank = sender.attributes(message, "c", DeadLetterReason.NON_RETRYABLE, "  ")
                .get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();
        String missing = sender.attributes(message, "c", DeadLetterReason.NON_RETRYABLE, null)
                .get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();

        assertThat(cut).hasSize(1_000).isEqualTo(longError.substring(0, 1_000)).endsWith("0123456789");
        assertThat(blank).isEqualTo("non-retryable");
        assertThat(missing).isEqualTo("non-retryable");
    }

    @Test
    void theCutNeverSplitsACharacterInHalf() {
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsRecord message = received(queue, "{}", Map.of("type", TestQueue.string("order.shipped")));
        // An emoji is two UTF-16 chars; here they are the 1,000th and 1,001st.
        String error = "x".repeat(999) + "\uD83D\uDE00" + " and more";

        String cut = sender.attributes(message, "c", DeadLetterReason.SCHEMA_INVALID, error)
                .get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();

        // A lone surrogate is not a character SQS accepts: the whole dead-lettering would fail.
        assertThat(cut.length()).isLessThanOrEqualTo(1_000);
        assertThat(error).startsWith(cut);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).as("ends in half an emoji").isFalse();
    }

    @Test
    void theDeadLetterAttributesOfAnEarlierDeadLetteringAreReplacedNotCarriedOver() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Map<String, MessageAttributeValue> replayed = new LinkedHashMap<>();
        replayed.put("type", TestQueue.string("order.shipped"));
        replayed.put(DeadLetterReason.ATTRIBUTE, TestQueue.string("malformed"));
        replayed.put(DeadLetterReason.ERROR_ATTRIBUTE, TestQueue.string("an old error"));
        replayed.put(DeadLetterReason.CONSUMER_ATTRIBUTE, TestQueue.string("someone-else"));
        replayed.put("a-note", TestQueue.string("replayed by ops"));
        SqsRecord message = received(queue, "{}", replayed);

        Map<String, MessageAttributeValue> attributes = sender.attributes(message, "ledger", DeadLetterReason.RETRIES_EXHAUSTED, "timeout");

        assertThat(attributes.keySet()).containsExactly(OURS.get(0), OURS.get(1), OURS.get(2), OURS.get(3), OURS.get(4), "type", "a-note");
        assertThat(attributes.get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("retries-exhausted");
        assertThat(attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).isEqualTo("timeout");
        assertThat(attributes.get(DeadLetterReason.CONSUMER_ATTRIBUTE).stringValue()).isEqualTo("ledger");
    }

    @Test
    void theSizeIsCountedAsSqsDocumentsItBodyAndEveryAttributesNameTypeAndValueInBytes() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("type", TestQueue.string("order.shipped"));                                     // 4 + 6 + 13
        attributes.put("größe", MessageAttributeValue.builder().dataType("Number.int").stringValue("42").build()); // 7 + 10 + 2
        attributes.put("alpha", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(BLOB)).build()); // 5 + 6 + 14

        assertThat(SqsMessageSize.of("héllo 😀", attributes)).isEqualTo(11 + 23 + 19 + 25);
    }

    /**
     * A message its queue took at its very limit (the emulator counts body and attributes as SQS does) still goes to
     * the DLQ, whose limit is the same: the error is shortened, then the original's attributes dropped from the least
     * important, so the copy fits and the send succeeds; the body is kept whole.
     */
    @Test
    void aMessageAtTheSizeLimitIsDeadLetteredWithItsReasonTrimmingTheErrorAndTheLeastImportantAttributes() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Map<String, MessageAttributeValue> originals = eightAttributes();
        long attributeBytes = SqsMessageSize.of("", originals);
        int bodyBytes = (int) (PlatformLimits.SQS_MESSAGE_BYTES - attributeBytes);
        String body = "é".repeat(bodyBytes / 2) + "x".repeat(bodyBytes % 2);
        assertThat(SqsMessageSize.of(body, originals)).isEqualTo(PlatformLimits.SQS_MESSAGE_BYTES);
        SqsRecord message = received(queue, body, originals);
        SourceQueue source = new SourceQueues(sqs).of(queue.arn());

        sender.send(source, message, "notifier", DeadLetterReason.RETRIES_EXHAUSTED, "boom ".repeat(300));

        Message letter = queue.deadLetters().getFirst();
        assertThat(letter.body()).isEqualTo(body);
        assertThat(SqsMessageSize.of(letter.body(), letter.messageAttributes())).isLessThanOrEqualTo(PlatformLimits.SQS_MESSAGE_BYTES);
        assertThat(letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("retries-exhausted");
        assertThat(letter.messageAttributes()).doesNotContainKeys("alpha", "tracestate").containsKeys(DeadLetterReason.ERROR_ATTRIBUTE);
        assertThat(letter.messageAttributes().get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).startsWith("boom boom")
                .hasSizeLessThan(1_000);
    }

    @Test
    void aSmallExcessOnlyShortensTheErrorAndNoneDropsNothing() {
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsRecord message = received(queue, "{}", eightAttributes());
        String error = "e".repeat(1_000);
        Map<String, MessageAttributeValue> roomy = sender.attributes(message, "c", DeadLetterReason.MALFORMED, error);
        long full = SqsMessageSize.of("{}", roomy);

        Map<String, MessageAttributeValue> tight = new DeadLetterSender(sqs, Clock.fixed(NOW, ZoneOffset.UTC), full - 100)
                .attributes(message, "c", DeadLetterReason.MALFORMED, error);

        assertThat(tight.keySet()).containsExactlyElementsOf(roomy.keySet());
        assertThat(tight.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).hasSize(900);
        assertThat(SqsMessageSize.of("{}", tight)).isEqualTo(full - 100);
    }

    @Test
    void aQueueWithoutRedrivePolicyHasNowhereToDeadLetterAndKeepsTheMessage() {
        TestQueue queue = TestQueue.withoutDeadLetterQueue(sqs);
        SqsRecord message = received(queue, "{}", Map.of());
        SourceQueue source = new SourceQueues(sqs).of(queue.arn());

        assertThat(source.hasDeadLetterQueue()).isFalse();
        assertThat(source.maxReceiveCount()).isZero();
        assertThatThrownBy(() -> sender.send(source, message, "c", DeadLetterReason.MALFORMED, "bad"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no RedrivePolicy");
        assertThat(queue.depth()).isEqualTo(1);
    }

    @Test
    void sourceQueuesReadTheRedrivePolicyOfStandardAndFifoQueues() {
        TestQueue standard = TestQueue.create(sqs, 3);
        TestQueue fifo = TestQueue.create(sqs, 7, true);
        SourceQueues queues = new SourceQueues(sqs);

        SourceQueue standardQueue = queues.of(standard.arn());
        SourceQueue fifoQueue = queues.of(fifo.arn());

        assertThat(standardQueue).isEqualTo(new SourceQueue(standard.arn(), standard.url(), standard.deadLetterUrl(), 3));
        assertThat(standardQueue.fifo()).isFalse();
        assertThat(fifoQueue).isEqualTo(new SourceQueue(fifo.arn(), fifo.url(), fifo.deadLetterUrl(), 7));
        assertThat(fifoQueue.fifo()).isTrue();
        assertThat(queues.of(standard.arn())).isSameAs(standardQueue);
        assertThatThrownBy(() -> queues.of("arn:aws:sns:us-east-1:123456789012:topic")).isInstanceOf(IllegalArgumentException.class);
    }
}
