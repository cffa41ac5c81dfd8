package io.eventflow.emulator;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Turns received SQS messages into the {@link SQSEvent} a handler gets in Lambda: first the JSON document Lambda's SQS
 * poller sends, then deserialized with {@code aws-lambda-java-serialization}, exactly as the Java runtime does it.
 */
public final class SqsEventTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PojoSerializer<SQSEvent> serializer =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEventTranslator.class.getClassLoader());

    /** The Lambda event document for these messages from the queue with this ARN. */
    public String toLambdaJson(List<Message> messages, String queueArn) {
        String region = queueArn.split(":")[3];
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return root.toString();
    }

    /** Deserializes a Lambda SQS event document as the Lambda Java runtime does. */
    public SQSEvent fromLambdaJson(String json) {
        return serializer.fromJson(json);
    }

    /** Deserializes a Lambda SQS event document (an {@code events/invoke} file, say). */
    public SQSEvent fromLambdaJson(InputStream json) {
        return serializer.fromJson(json);
    }

    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.stringValue() != null) {
            node.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            node.put("binaryValue", value.binaryValue().asByteArray());
        }
        node.putArray("stringListValues");
        node.putArray("binaryListValues");
        node.put("dataType", value.dataType());
        return node;
    }
}
