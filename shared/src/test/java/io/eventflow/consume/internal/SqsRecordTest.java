package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record view reads each wire detail the way Lambda delivers it, and survives what may be missing. */
class SqsRecordTest {

    static SQSEvent.SQSMessage message(Map<String, String> system, Map<String, String> attributes) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody("{}");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:orders");
        message.setAttributes(system);
        Map<String, SQSEvent.MessageAttribute> typed = new HashMap<>();
        attributes.forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType("String");
            attribute.setStringValue(value);
            typed.put(name, attribute);
        });
        message.setMessageAttributes(typed);
        return message;
    }

    @Test
    void readsTheSystemAttributesAndTheRoutingAndTraceAttributes() {
        SqsRecord record = new SqsRecord(3, message(Map.of("ApproximateReceiveCount", "4", "MessageGroupId", "acc-1"),
                Map.of("type", "order.shipped", "event-id", "e-1", "traceparent", "00-abc-def-01", "other", "x")));

        assertThat(record.index()).isEqualTo(3);
        assertThat(record.receiveCount()).isEqualTo(4);
        assertThat(record.receiveCountText()).isEqualTo("4");
        assertThat(record.groupId()).isEqualTo("acc-1");
        assertThat(record.typeAttribute()).isEqualTo("order.shipped");
        assertThat(record.eventIdAttribute()).isEqualTo("e-1");
        assertThat(record.traceHeaders()).containsExactly(Map.entry("traceparent", "00-abc-def-01"));
        assertThat(record.queueArn()).endsWith(":orders");
    }

    @Test
    void missingOrUnreadableDetailsHaveSafeDefaults() {
        SQSEvent.SQSMessage bare = new SQSEvent.SQSMessage();
        SqsRecord record = new SqsRecord(0, bare);
        assertThat(record.receiveCount()).isEqualTo(1);
        assertThat(record.groupId()).isNull();
        assertThat(record.typeAttribute()).isNull();
        assertThat(record.traceHeaders()).isEmpty();
        assertThat(record.messageAttributes()).isEmpty();

        assertThat(new SqsRecord(0, message(Map.of("ApproximateReceiveCount", "many"), Map.of())).receiveCount()).isEqualTo(1);
    }
}
