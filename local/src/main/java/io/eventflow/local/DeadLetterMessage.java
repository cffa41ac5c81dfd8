package io.eventflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.publish.EventPublisher;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One message of a dead-letter queue and what the consumer wrote about it ({@link DeadLetterReason}'s attributes).
 *
 * @param messageId the SQS message id in the dead-letter queue
 * @param reason the {@value DeadLetterReason#ATTRIBUTE} code, or {@value #NO_REASON} when absent: SQS moved it after
 *               {@code maxReceiveCount} receives without the consumer saying why
 * @param error the consumer's error message, or null
 * @param consumer the consumer that gave up, or null
 * @param receiveCount the receive count when it gave up, or null
 * @param failedAt when it gave up (RFC 3339, as written), or null
 * @param eventType the event's type: its {@code type} attribute, else the body's; null when neither says
 * @param eventId the event's id: its {@code event-id} attribute, else the body's; null when neither says
 * @param sentAt when the message was first sent (SQS keeps the original time when it moves a message to a DLQ), or null
 * @param body the message body
 * @param attributes every message attribute with a text value, by name
 */
public record DeadLetterMessage(String messageId, String reason, String error, String consumer, Integer receiveCount,
                                String failedAt, String eventType, String eventId, Instant sentAt, String body,
                                Map<String, String> attributes) {

    /** The reason given to messages without {@value DeadLetterReason#ATTRIBUTE}. */
    public static final String NO_REASON = "redrive";
    /** Prefix of the attributes the consumer adds when it dead-letters a message; a redrive drops them. */
    public static final String ATTRIBUTE_PREFIX = "dlq-";

    private static final ObjectMapper JSON = new ObjectMapper();

    public DeadLetterMessage {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** Reads a received message (received with all message and system attributes). */
    public static DeadLetterMessage from(Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        JsonNode body = parseQuietly(message.body());
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return new DeadLetterMessage(
                message.messageId(),
                attributes.getOrDefault(DeadLetterReason.ATTRIBUTE, NO_REASON),
                attributes.get(DeadLetterReason.ERROR_ATTRIBUTE),
                attributes.get(DeadLetterReason.CONSUMER_ATTRIBUTE),
                integerOrNull(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE)),
                attributes.get(DeadLetterReason.FAILED_AT_ATTRIBUTE),
                attributes.getOrDefault(EventPublisher.TYPE_ATTRIBUTE, text(body, "type")),
                attributes.getOrDefault(EventPublisher.EVENT_ID_ATTRIBUTE, text(body, "id")),
                sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                message.body(),
                attributes);
    }

    /** Whether an attribute is one the consumer added when it dead-lettered the message. */
    public static boolean isDeadLetterAttribute(String name) {
        return name.startsWith(ATTRIBUTE_PREFIX);
    }

    /** The attributes a redriven copy keeps: all but the dead-letter ones. */
    public static Map<String, MessageAttributeValue> redriveAttributes(Message message) {
        Map<String, MessageAttributeValue> kept = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (!isDeadLetterAttribute(name)) {
                kept.put(name, MessageAttributeValue.builder()
                        .dataType(value.dataType()).stringValue(value.stringValue()).binaryValue(value.binaryValue()).build());
            }
        });
        return kept;
    }

    /** The body on one line, cut to at most {@code length} characters. */
    public String bodyExcerpt(int length) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= length ? flat : flat.substring(0, Math.max(0, length - 3)) + "...";
    }

    private static JsonNode parseQuietly(String body) {
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null; // a malformed body is a common reason to be here
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Integer integerOrNull(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
