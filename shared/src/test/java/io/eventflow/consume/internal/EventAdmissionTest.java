package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.consume.AdmissionRule;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.FieldRefusal;
import io.eventflow.consume.EventTimeWindow;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.SchemaCatalog;
import io.eventflow.event.Upcaster;
import io.eventflow.event.Upcasters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import io.eventflow.event.compatibility.CompatibilityMode;
import io.eventflow.consume.ReadVersions;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Admission is pure: a record in, Admitted or Refused with its reason out, no AWS involved. */
class EventAdmissionTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.fromClasspath();
    private final EventAdmission admission = admission(ReadVersions.asWritten());

    private static EventAdmission admission(ReadVersions reads) {
        return new EventAdmission("c", CODEC, new EventValidator(REGISTRY),
                new VersionReading("c", reads, REGISTRY, Upcasters.bundled()), false, EventTimeWindow.defaults(), Clock.systemUTC(), List.of());
    }

    private static SqsRecord record(String body, Map<String, String> attributes) {
        SqsRecord record = new SqsRecord(0, SqsRecordTest.message(Map.of("ApproximateReceiveCount", "2"), attributes));
        record.message().setBody(body);
        return record;
    }

    private static Map<String, String> routing(Event event) {
        return new HashMap<>(Map.of("type", event.type(), "event-id", event.id(), "traceparent", "00-abc-def-01"));
    }

    @Test
    void aValidEventIsAdmittedWithItsKeyAndADeliveryOfWhatTheMessageSays() {
        Event event = ExampleEvents.fresh("order.shipped");

        Admission<AdmittedEvent> admitted = admission.admit(record(CODEC.encode(event), routing(event)));

        assertThat(admitted).isInstanceOfSatisfying(Admission.Admitted.class, result -> {
            AdmittedEvent work = (AdmittedEvent) result.work();
            assertThat(work.event()).isEqualTo(event);
            assertThat(work.key()).isEqualTo("c#" + event.id());
            assertThat(work.replay()).isNull();
            assertThat(work.delivery().receiveCount()).isEqualTo(2);
            assertThat(work.delivery().traceHeaders()).containsEntry("traceparent", "00-abc-def-01");
        });
    }

    @Test
    void aReprocessReplayGetsAKeyOfItsOwn() {
        Event event = ExampleEvents.fresh("order.shipped");
        Map<String, String> attributes = routing(event);
        attributes.put("replay-id", "rpl-1");
        attributes.put("replay-mode", "reprocess");

        Admission<AdmittedEvent> admitted = admission.admit(record(CODEC.encode(event), attributes));

        assertThat(((Admission.Admitted<AdmittedEvent>) admitted).work().key()).contains("rpl-1").isNotEqualTo("c#" + event.id());
    }

    @Test
    void eachKindOfBadRecordIsRefusedWithItsReason() {
        Event event = ExampleEvents.fresh("order.shipped");
        assertThat(reasonOf(record("{not json", routing(event)))).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(reasonOf(record(CODEC.encode(event), Map.of()))).isEqualTo(DeadLetterReason.ATTRIBUTE_MISMATCH);
        Event unknown = event.toBuilder().type("order.vanished").build();
        assertThat(reasonOf(record(CODEC.encode(unknown), routing(unknown)))).isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
        Map<String, String> otherId = routing(event);
        otherId.put("event-id", "someone-else");
        assertThat(reasonOf(record(CODEC.encode(event), otherId))).isEqualTo(DeadLetterReason.ATTRIBUTE_MISMATCH);
    }

    @Test
    void jsonTwoParsersCouldReadDifferentlyIsRefusedAsAmbiguous() {
        Event event = ExampleEvents.fresh("order.shipped");
        String body = CODEC.encode(event);
        String twice = body.replaceFirst("\\{", "{\"type\":\"order.created\",");
        String trailing = body + "{\"id\":\"another\"}";

        assertThat(refusal(record(twice, routing(event)))).satisfies(refused -> {
            assertThat(refused.reason()).isEqualTo(DeadLetterReason.AMBIGUOUS_JSON);
            assertThat(refused.error()).contains("Duplicate field 'type'");
        });
        assertThat(reasonOf(record(trailing, routing(event)))).isEqualTo(DeadLetterReason.AMBIGUOUS_JSON);
    }

    @Test
    void anEnvelopeValueSqsWouldRefuseAsAnAttributeIsRefusedWithTheCharacter() {
        Event event = ExampleEvents.fresh("order.shipped");
        Event control = event.toBuilder().id("ord-\u0001-1").build();
        Event loneSurrogate = event.toBuilder().subject("cust-\uD800").build();

        assertThat(refusal(record(CODEC.encode(control), routing(control)))).satisfies(refused -> {
            assertThat(refused.reason()).isEqualTo(DeadLetterReason.INVALID_CHARACTERS);
            assertThat(refused.error()).contains("'id'").contains("U+0001");
        });
        assertThat(reasonOf(record(CODEC.encode(loneSurrogate), routing(loneSurrogate)))).isEqualTo(DeadLetterReason.INVALID_CHARACTERS);
    }

    @Test
    void anIdTooLongForTheKeysItBecomesIsRefusedAsTooLarge() {
        Event event = ExampleEvents.fresh("order.shipped");
        Event longId = event.toBuilder().id("x".repeat(1000)).build();
        Event fits = event.toBuilder().id("x".repeat(900)).build();

        assertThat(refusal(record(CODEC.encode(longId), routing(longId)))).satisfies(refused -> {
            assertThat(refused.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
            assertThat(refused.error()).contains("archive sort key").contains("limit is 1024");
        });
        assertThat(admission.admit(record(CODEC.encode(fits), routing(fits)))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aTimeOutsideTheWindowIsRefusedBothWaysButAReplayMayBeOld() {
        Instant now = Instant.parse("2026-12-02T06:00:00Z");
        EventAdmission windowed = new EventAdmission("c", CODEC, new EventValidator(REGISTRY),
                new VersionReading("c", ReadVersions.asWritten(), REGISTRY, Upcasters.bundled()), false,
                new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5)), Clock.fixed(now, ZoneOffset.UTC), List.of());
        Event event = ExampleEvents.fresh("order.shipped");
        Event ahead = event.toBuilder().time(now.plus(Duration.ofMinutes(6))).build();
        Event old = event.toBuilder().time(now.minus(Duration.ofDays(31))).build();
        Event inside = event.toBuilder().time(now.plus(Duration.ofMinutes(4))).build();
        Map<String, String> replayed = routing(old);
        replayed.put("replay-id", "rpl-1");
        replayed.put("replay-mode", "recover");

        assertThat(((Admission.Refused<AdmittedEvent>) windowed.admit(record(CODEC.encode(ahead), routing(ahead)))).reason())
                .isEqualTo(DeadLetterReason.TIME_OUT_OF_RANGE);
        assertThat(((Admission.Refused<AdmittedEvent>) windowed.admit(record(CODEC.encode(old), routing(old)))).error())
                .contains("before now");
        assertThat(windowed.admit(record(CODEC.encode(inside), routing(inside)))).isInstanceOf(Admission.Admitted.class);
        assertThat(windowed.admit(record(CODEC.encode(old), replayed))).isInstanceOf(Admission.Admitted.class);
    }

    private Admission.Refused<AdmittedEvent> refusal(SqsRecord record) {
        Admission<AdmittedEvent> result = admission.admit(record);
        assertThat(result).isInstanceOf(Admission.Refused.class);
        return (Admission.Refused<AdmittedEvent>) result;
    }

    @Test
    void aV1EventIsUpcastForAV2ReaderWhileItsKeyAndHashStayThoseOfTheEventAsWritten() {
        Event v1 = ExampleEvents.fresh("order.shipped");
        assertThat(v1.dataSchema()).isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 1));
        EventAdmission v2Reader = admission(ReadVersions.builder().reads("order.shipped", 2).build());

        Admission<AdmittedEvent> admitted = v2Reader.admit(record(CODEC.encode(v1), routing(v1)));

        AdmittedEvent work = ((Admission.Admitted<AdmittedEvent>) admitted).work();
        assertThat(work.event().dataSchema()).isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 2));
        assertThat(work.event().data()).isEqualTo(v1.data());
        assertThat(work.event().id()).isEqualTo(v1.id());
        assertThat(work.hash()).isEqualTo(PayloadHash.of(v1));
        assertThat(work.key()).isEqualTo("c#" + v1.id());
        assertThat(((Admission.Admitted<AdmittedEvent>) admitted).event()).isEqualTo(v1);
    }

    @Test
    void theHashIsOfTheEventAsWrittenEvenWhenAStepChangesTheData() {
        Upcaster renaming = new Upcaster() {
            public String type() { return "order.shipped"; }
            public int from() { return 1; }
            public JsonNode upcast(JsonNode data) { return ((ObjectNode) data).put("carrier", "renamed"); }
        };
        EventAdmission reader = new EventAdmission("c", CODEC, new EventValidator(REGISTRY), new VersionReading("c",
                ReadVersions.builder().reads("order.shipped", 2).build(), REGISTRY, Upcasters.of(List.of(renaming))), false,
                EventTimeWindow.defaults(), Clock.systemUTC(), List.of());
        Event v1 = ExampleEvents.fresh("order.shipped");

        AdmittedEvent work = ((Admission.Admitted<AdmittedEvent>) reader.admit(record(CODEC.encode(v1), routing(v1)))).work();

        assertThat(work.event().data().path("carrier").asText()).isEqualTo("renamed");
        assertThat(v1.data().path("carrier").asText()).isEqualTo("UPS");
        assertThat(work.hash()).isEqualTo(PayloadHash.of(v1)).isNotEqualTo(PayloadHash.of(work.event()));
    }

    @Test
    void aDeclarationItsSchemasOrUpcastersCannotServeFailsAtInit() {
        assertThatThrownBy(() -> new VersionReading("c", ReadVersions.builder().reads("order.shipped", 3).build(), REGISTRY,
                Upcasters.bundled())).hasMessageContaining("order.shipped v3");
        assertThatThrownBy(() -> new VersionReading("c", ReadVersions.builder().reads("order.shipped", 2).build(), REGISTRY,
                Upcasters.of(List.of()))).hasMessageContaining("no upcaster");
    }

    @Test
    void aVersionNewerThanTheConsumerReadsIsRefusedAsUnsupportedUnderABackwardMode() {
        Event v2 = v2Shipped();
        EventAdmission v1Reader = admission(ReadVersions.builder().reads("order.shipped", 1).build());

        assertThat(REGISTRY.catalog().type("order.shipped").orElseThrow().compatibility().forward()).isFalse();
        assertThat(reasonOf(v1Reader, record(CODEC.encode(v2), routing(v2)))).isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
        assertThat(reasonOf(admission(ReadVersions.builder().reads("user.signed_up", 1).build()),
                record(CODEC.encode(v2), routing(v2)))).isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
        // A consumer reading v2 admits it as written.
        Admission<AdmittedEvent> admitted = admission(ReadVersions.builder().reads("order.shipped", 2).build())
                .admit(record(CODEC.encode(v2), routing(v2)));
        assertThat(((Admission.Admitted<AdmittedEvent>) admitted).work().event()).isEqualTo(v2);
    }

    @Test
    void aVersionNoSchemaHereKnowsIsUnsupportedForAnAsWrittenReaderRatherThanInvalid() {
        Event v9 = ExampleEvents.fresh("order.shipped").toBuilder()
                .dataSchema(EventTypeRegistry.schemaUri("order.shipped", 9)).build();

        assertThat(reasonOf(record(CODEC.encode(v9), routing(v9)))).isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
    }

    @Test
    void anEventNewerThanItsReaderIsReadAsWrittenWhereTheModePromisesForwardCompatibility() {
        // Schemas deployed before v2 existed, with order.shipped in FORWARD mode: v1 readers promise to read v2.
        SchemaCatalog.TypeEntry v1Only = REGISTRY.catalog().type("order.shipped").orElseThrow();
        EventTypeRegistry forward = EventTypeRegistry.of(
                SchemaCatalog.of(Map.of("order.shipped", new SchemaCatalog.TypeEntry(CompatibilityMode.FORWARD,
                        new TreeMap<>(Map.of(1, v1Only.digests().get(1)))))),
                Map.of("order.shipped", new TreeMap<>(Map.of(1, REGISTRY.versions("order.shipped").get(1)))));
        EventAdmission v1Reader = new EventAdmission("c", CODEC, new EventValidator(forward),
                new VersionReading("c", ReadVersions.builder().reads("order.shipped", 1).build(), forward, Upcasters.bundled()), false,
                EventTimeWindow.defaults(), Clock.systemUTC(), List.of());
        Event v2 = v2Shipped().toBuilder().data(ExampleEvents.fresh("order.shipped").data()).build();

        Admission<AdmittedEvent> admitted = v1Reader.admit(record(CODEC.encode(v2), routing(v2)));

        assertThat(((Admission.Admitted<AdmittedEvent>) admitted).work().event()).isEqualTo(v2);
        // The promise covers the next version only: v3 is not.
        Event v3 = v2.toBuilder().dataSchema(EventTypeRegistry.schemaUri("order.shipped", 3)).build();
        assertThat(reasonOf(v1Reader, record(CODEC.encode(v3), routing(v3)))).isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
    }

    @Test
    void aConsumersRuleSeesTheEventAsItReadsItAndItsRefusalNamesTheField() {
        AtomicReference<Event> seen = new AtomicReference<>();
        AdmissionRule noUps = event -> {
            seen.set(event);
            return "UPS".equals(event.data().path("carrier").asText())
                    ? Optional.of(new FieldRefusal("$.data.carrier", "UPS is not served"))
                    : Optional.empty();
        };
        EventAdmission ruled = ruled(noUps);
        Event v1 = ExampleEvents.fresh("order.shipped");

        Admission<AdmittedEvent> refused = ruled.admit(record(CODEC.encode(v1), routing(v1)));

        assertThat(refused).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.FIELD_REFUSED);
            assertThat(r.error()).isEqualTo("$.data.carrier: UPS is not served");
        });
        assertThat(seen.get().dataSchema()).as("upcast first").isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 2));
        Event dhl = v1.toBuilder().data(((ObjectNode) v1.data().deepCopy()).put("carrier", "DHL")).build();
        assertThat(ruled.admit(record(CODEC.encode(dhl), routing(dhl)))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aRuleRunsOnlyOnWhatPassedTheSchemaAndOneThatThrowsRefusesInsteadOfEscaping() {
        AtomicReference<Event> seen = new AtomicReference<>();
        EventAdmission watching = ruled(event -> {
            seen.set(event);
            return Optional.empty();
        });
        Event invalid = ExampleEvents.fresh("order.shipped").toBuilder().data(new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("order_id", "ord_1")).build();
        assertThat(reasonOf(watching, record(CODEC.encode(invalid), routing(invalid)))).isEqualTo(DeadLetterReason.SCHEMA_INVALID);
        assertThat(seen.get()).isNull();

        EventAdmission broken = ruled(event -> {
            throw new IllegalStateException("rule bug");
        });
        Event event = ExampleEvents.fresh("order.shipped");
        Admission<AdmittedEvent> refused = broken.admit(record(CODEC.encode(event), routing(event)));
        assertThat(refused).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.reason()).isEqualTo(DeadLetterReason.FIELD_REFUSED);
            assertThat(r.error()).contains("rule bug");
        });
    }

    private static EventAdmission ruled(AdmissionRule rule) {
        return new EventAdmission("c", CODEC, new EventValidator(REGISTRY), new VersionReading("c",
                ReadVersions.builder().reads("order.shipped", 2).build(), REGISTRY, Upcasters.bundled()), false,
                EventTimeWindow.defaults(), Clock.systemUTC(), List.of(rule));
    }

    private static Event v2Shipped() {
        return ExampleEvents.fresh("order.shipped.v2");
    }

    private DeadLetterReason reasonOf(SqsRecord record) {
        return reasonOf(admission, record);
    }

    private static DeadLetterReason reasonOf(EventAdmission admission, SqsRecord record) {
        Admission<AdmittedEvent> result = admission.admit(record);
        assertThat(result).isInstanceOf(Admission.Refused.class);
        return ((Admission.Refused<AdmittedEvent>) result).reason();
    }
}
