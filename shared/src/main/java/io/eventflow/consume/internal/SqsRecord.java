package io.eventflow.consume.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.MessageAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read-only view of one record of an SQS batch, as Lambda delivers it: every wire detail the consumer core reads
 * (system attribute names, message attribute names, their parsing) is spelled here and nowhere else.
 *
 * @param index the record's position in its batch
 * @param message the record as Lambda deserialized it
 */
public record SqsRecord(int index, SQSEvent.SQSMessage message) {

    private static final String RECEIVE_COUNT = "ApproximateReceiveCount";
    private static final String GROUP_ID = "MessageGroupId";

    public String messageId() {
        return message.getMessageId();
    }

    public String body() {
        return message.getBody();
    }

    public String receiptHandle() {
        return message.getReceiptHandle();
    }

    /** The source queue's ARN ({@code eventSourceARN}). */
    public String queueArn() {
        return message.getEventSourceArn();
    }

    /** How often SQS has delivered the message, this delivery included; 1 when the attribute is missing or unreadable. */
    public int receiveCount() {
        try {
            return Integer.parseInt(systemAttributes().getOrDefault(RECEIVE_COUNT, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The receive count exactly as SQS wrote it (copied into dead letters and requeue ids). */
    public String receiveCountText() {
        return systemAttributes().getOrDefault(RECEIVE_COUNT, "1");
    }

    /** The FIFO message group, or null on a standard queue. */
    public String groupId() {
        return systemAttributes().get(GROUP_ID);
    }

    /** The value of a String message attribute, or null when it is absent. */
    public String stringAttribute(String name) {
        SQSEvent.MessageAttribute attribute = messageAttributes().get(name);
        return attribute == null ? null : attribute.getStringValue();
    }

    /** The {@code type} routing attribute, or null. */
    public String typeAttribute() {
        return stringAttribute(MessageAttributes.TYPE);
    }

    /** The {@code event-id} routing attribute, or null. */
    public String eventIdAttribute() {
        return stringAttribute(MessageAttributes.EVENT_ID);
    }

    /** The W3C trace context the message carries ({@code traceparent}, {@code tracestate}), possibly empty. */
    public Map<String, String> traceHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : MessageAttributes.TRACE_CONTEXT) {
            String value = stringAttribute(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /** Every message attribute, as delivered (never null). */
    public Map<String, SQSEvent.MessageAttribute> messageAttributes() {
        return message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
    }

    private Map<String, String> systemAttributes() {
        return message.getAttributes() == null ? Map.of() : message.getAttributes();
    }
}
