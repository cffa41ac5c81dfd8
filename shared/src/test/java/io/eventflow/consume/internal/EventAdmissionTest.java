package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.testing.ExampleEvents;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admission is pure: a record in, Admitted or Refused with its reason out, no AWS involved. */
class EventAdmissionTest {

    private static final EventCodec CODEC = new EventCodec();
    private final EventAdmission admission = new EventAdmission("c", CODEC, new EventValidator(EventTypeRegistry.fromClasspath()), false);

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

    private DeadLetterReason reasonOf(SqsRecord record) {
        Admission<AdmittedEvent> result = admission.admit(record);
        assertThat(result).isInstanceOf(Admission.Refused.class);
        return ((Admission.Refused<AdmittedEvent>) result).reason();
    }
}
