package io.eventflow.consume.internal;

import io.eventflow.internal.Utf8;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A message's size as SQS counts it against {@code MaximumMessageSize}: the body's UTF-8 bytes, and for every message
 * attribute its name, its data type (custom label included) and its value, string values in UTF-8, binary ones as
 * their bytes (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html).
 */
final class SqsMessageSize {

    private SqsMessageSize() {}

    static long of(String body, Map<String, MessageAttributeValue> attributes) {
        long size = utf8(body);
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            size += attributeBytes(attribute.getKey(), attribute.getValue());
        }
        return size;
    }

    static long attributeBytes(String name, MessageAttributeValue value) {
        long valueBytes = value.binaryValue() != null ? value.binaryValue().asByteArray().length : utf8(value.stringValue());
        return utf8(name) + utf8(value.dataType()) + valueBytes;
    }

    static int utf8(String text) {
        return text == null ? 0 : Utf8.bytes(text);
    }
}
