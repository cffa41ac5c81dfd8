package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.consume.EventTimeWindow;
import io.eventflow.consume.ReadVersions;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.Upcasters;
import io.eventflow.internal.ErrorText;
import io.eventflow.internal.PlatformLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The property of issue 12, checked without AWS: for any body and routing attributes, admission either admits an
 * event whose keys, attributes and items fit every documented limit, or refuses it with a reason and dead-letter
 * attributes SQS accepts; it never throws. Without {@code JAZZER_FUZZ} the committed corpus
 * ({@code AdmissionFuzzTestInputs}) runs as regression cases; with it, Jazzer fuzzes for {@code maxDuration}.
 */
class AdmissionFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final EventCodec CODEC = new EventCodec();
    private static final EventTimeWindow WINDOW = new EventTimeWindow(Duration.ofDays(3650), Duration.ofDays(1));
    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.fromClasspath();
    private static final EventAdmission ADMISSION = new EventAdmission("analytics", CODEC, new EventValidator(REGISTRY),
            new VersionReading("analytics", ReadVersions.asWritten(), REGISTRY, Upcasters.bundled()), false, WINDOW,
            Clock.fixed(NOW, ZoneOffset.UTC), java.util.List.of());
    private static final DeadLetterSender LETTERS = new DeadLetterSender(null, Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "60s")
    void everyRecordIsAdmittedWithinTheLimitsOrRefusedSendably(FuzzedDataProvider data) {
        // Anything SQS could deliver: it accepts only some characters in a body and an attribute, the rest is free.
        boolean routed = data.consumeBoolean();
        String type = ErrorText.sendable(data.consumeString(64));
        String id = ErrorText.sendable(data.consumeString(64));
        String body = ErrorText.sendable(data.consumeRemainingAsString());
        Map<String, String> attributes = new LinkedHashMap<>();
        if (routed) {
            attributes.put("type", type);
            attributes.put("event-id", id);
        }
        SqsRecord record = new SqsRecord(0, SqsRecordTest.message(Map.of("ApproximateReceiveCount", "1"), attributes));
        record.message().setBody(body);

        Admission<AdmittedEvent> admission = ADMISSION.admit(record);

        switch (admission) {
            case Admission.Admitted<AdmittedEvent> admitted -> assertFits(admitted.work());
            case Admission.Refused<AdmittedEvent> refused -> assertSendable(record, refused);
        }
    }

    private static void assertFits(AdmittedEvent admitted) {
        Event event = admitted.event();
        assertThat(bytes(admitted.key())).isLessThanOrEqualTo(PlatformLimits.DYNAMODB_PARTITION_KEY_BYTES);
        assertThat(bytes(ArchiveItem.timeId(event.time(), event.id()))).isLessThanOrEqualTo(PlatformLimits.DYNAMODB_SORT_KEY_BYTES);
        assertThat(bytes(CODEC.encode(event))).isLessThanOrEqualTo(PlatformLimits.SNS_MESSAGE_BYTES);
        for (String value : new String[] {event.id(), event.type(), String.valueOf(event.source()), String.valueOf(event.subject())}) {
            assertThat(value.codePoints().allMatch(PlatformLimits::sqsAllows)).as("sendable as an attribute: %s", value).isTrue();
        }
        assertThat(WINDOW.outside(event.time(), NOW, false)).isNull();
        ArchiveItem.of(event, CODEC, NOW, Duration.ZERO);
    }

    private static void assertSendable(SqsRecord record, Admission.Refused<AdmittedEvent> refused) {
        assertThat(refused.reason()).isNotNull();
        Map<String, MessageAttributeValue> letter = LETTERS.attributes(record, "analytics", refused.reason(), refused.error());
        assertThat(letter).hasSizeLessThanOrEqualTo(PlatformLimits.SQS_MESSAGE_ATTRIBUTES);
        letter.forEach((name, value) -> assertThat(value.stringValue().codePoints().allMatch(PlatformLimits::sqsAllows))
                .as("dead-letter attribute %s is sendable: %s", name, value.stringValue()).isTrue());
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
