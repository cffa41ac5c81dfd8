package io.eventflow.consume.internal;

import io.eventflow.internal.PlatformLimits;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Puts a record back on its queue as a new message (receive count 1) and deletes the original: for records that must
 * not reach the dead-letter queue just because they were received often, such as one another worker is processing.
 */
public final class Requeue {

    /** SQS's largest per-message delay. */
    private static final int MAX_DELAY_SECONDS = PlatformLimits.SQS_MAX_DELAY_SECONDS;

    private Requeue() {}

    public static void copyAndDelete(SqsClient sqs, SourceQueue queue, SqsRecord record, int delaySeconds) {
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queue.url())
                .messageBody(record.body())
                .messageAttributes(attributes(record));
        if (queue.fifo()) {
            // FIFO queues take no per-message delay; the group keeps its order, the copy gets its own dedup id.
            request.messageGroupId(record.groupId())
                    .messageDeduplicationId(record.messageId() + "-" + record.receiveCountText());
        } else {
            request.delaySeconds(Math.min(MAX_DELAY_SECONDS, delaySeconds));
        }
        sqs.sendMessage(request.build());
        sqs.deleteMessage(delete -> delete.queueUrl(queue.url()).receiptHandle(record.receiptHandle()));
    }

    static Map<String, MessageAttributeValue> attributes(SqsRecord record) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        record.messageAttributes().forEach((name, value) -> attributes.put(name, copy(value)));
        return attributes;
    }

    /** The same attribute, as the SDK sends it. */
    static MessageAttributeValue copy(SQSEvent.MessageAttribute original) {
        MessageAttributeValue.Builder copy = MessageAttributeValue.builder().dataType(original.getDataType());
        if (original.getBinaryValue() != null) {
            copy.binaryValue(SdkBytes.fromByteBuffer(original.getBinaryValue().duplicate()));
        } else {
            copy.stringValue(original.getStringValue());
        }
        return copy.build();
    }
}
