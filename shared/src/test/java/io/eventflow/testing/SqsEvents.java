package io.eventflow.testing;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * {@link SQSEvent}s as Lambda hands them to a handler: the event-source JSON, deserialized by the Lambda Java runtime's
 * own serializer ({@code aws-lambda-java-serialization}), not built with setters.
 */
public final class SqsEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();
    private static final PojoSerializer<SQSEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEvents.class.getClassLoader());

    private SqsEvents() {}

    /** One SQS record: a message id, its body, the message attributes SNS raw delivery adds, how often received. */
    public record SqsRecord(String messageId, String body, String type, String eventId, int receiveCount) {

        /** The same message delivered once more (same message id, receive count + 1). */
        public SqsRecord redelivered() {
            return new SqsRecord(messageId, body, type, eventId, receiveCount + 1);
        }
    }

    /** A record carrying an event as EventPublisher sends it: the CloudEvent body, {@code type} and {@code event-id}. */
    public static SqsRecord record(Event event) {
        return new SqsRecord(newMessageId(), CODEC.encode(event), event.type(), event.id(), 1);
    }

    /** A record with any body and no message attributes. */
    public static SqsRecord rawRecord(String body) {
        return new SqsRecord(newMessageId(), body, null, null, 1);
    }

    public static SQSEvent batch(SqsRecord... records) {
        return batch(List.of(records));
    }

    public static SQSEvent batch(List<SqsRecord> records) {
        return SERIALIZER.fromJson(json(records));
    }

    /** The JSON Lambda's SQS event source sends for these records. */
    public static String json(List<SqsRecord> records) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("Records");
        for (SqsRecord record : records) {
            ObjectNode node = array.addObject();
            node.put("messageId", record.messageId());
            node.put("receiptHandle", "AQEB-test-" + record.messageId() + "-" + record.receiveCount());
            node.put("body", record.body());
            ObjectNode attributes = node.putObject("attributes");
            attributes.put("ApproximateReceiveCount", Integer.toString(record.receiveCount()));
            attributes.put("SentTimestamp", "1770800000000");
            attributes.put("SenderId", "AIDAEXAMPLE");
            attributes.put("ApproximateFirstReceiveTimestamp", "1770800000100");
            ObjectNode messageAttributes = node.putObject("messageAttributes");
            if (record.type() != null) {
                stringAttribute(messageAttributes.putObject("type"), record.type());
            }
            if (record.eventId() != null) {
                stringAttribute(messageAttributes.putObject("event-id"), record.eventId());
            }
            node.put("md5OfBody", md5(record.body()));
            node.put("eventSource", "aws:sqs");
            node.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:eventflow-test");
            node.put("awsRegion", "us-east-1");
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stringAttribute(ObjectNode attribute, String value) {
        attribute.put("stringValue", value);
        attribute.putArray("stringListValues");
        attribute.putArray("binaryListValues");
        attribute.put("dataType", "String");
    }

    private static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
