package io.eventflow.consume.internal;

import io.eventflow.internal.PlatformLimits;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.event.MessageAttributes;
import io.eventflow.internal.ErrorText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Moves one record to its queue's dead-letter queue at once: the original body and attributes, plus why, who and when
 * ({@link DeadLetterReason}'s attributes). The copy is sent before the original is deleted, so a crash in between
 * leaves a duplicate in the DLQ, never a loss.
 */
public final class DeadLetterSender {

    /** SQS allows 10 message attributes; five are ours, so at most five of the original's are kept. */
    static final int MAX_ATTRIBUTES = PlatformLimits.SQS_MESSAGE_ATTRIBUTES;
    /** Attributes of the original kept first when there is no room for all of them. */
    private static final List<String> KEPT_FIRST = List.of(MessageAttributes.TYPE, MessageAttributes.EVENT_ID,
            MessageAttributes.TRACEPARENT, MessageAttributes.TRACESTATE);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final SqsClient sqs;
    private final Clock clock;

    public DeadLetterSender(SqsClient sqs, Clock clock) {
        this.sqs = sqs;
        this.clock = clock;
    }

    /**
     * @throws IllegalStateException when the queue has no dead-letter queue
     */
    public void send(SourceQueue queue, SqsRecord record, String consumer, DeadLetterReason reason, String error) {
        if (!queue.hasDeadLetterQueue()) {
            throw new IllegalStateException("queue " + queue.arn() + " has no RedrivePolicy: nowhere to dead-letter");
        }
        SendMessageRequest.Builder request = SendMessageRequest.builder()
                .queueUrl(queue.deadLetterUrl())
                .messageBody(record.body())
                .messageAttributes(attributes(record, consumer, reason, error));
        if (queue.fifo()) {
            String group = record.groupId();
            request.messageGroupId(group != null ? group : consumer).messageDeduplicationId(record.messageId());
        }
        sqs.sendMessage(request.build());
        sqs.deleteMessage(delete -> delete.queueUrl(queue.url()).receiptHandle(record.receiptHandle()));
    }

    /** Ours first, then as many of the original's as fit: the ones tracing and filtering rely on before the rest. */
    Map<String, MessageAttributeValue> attributes(SqsRecord record, String consumer, DeadLetterReason reason,
                                                  String error) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        String text = error == null || error.isBlank() ? reason.code() : error;
        attributes.put(DeadLetterReason.ATTRIBUTE, string(reason.code()));
        attributes.put(DeadLetterReason.ERROR_ATTRIBUTE, string(ErrorText.forAttribute(text, MAX_ERROR_LENGTH)));
        attributes.put(DeadLetterReason.CONSUMER_ATTRIBUTE, string(consumer));
        attributes.put(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE, MessageAttributeValue.builder()
                .dataType("Number").stringValue(record.receiveCountText()).build());
        attributes.put(DeadLetterReason.FAILED_AT_ATTRIBUTE, string(clock.instant().toString()));

        Map<String, SQSEvent.MessageAttribute> originals = record.messageAttributes();
        List<String> names = new ArrayList<>();
        KEPT_FIRST.stream().filter(originals::containsKey).forEach(names::add);
        originals.keySet().stream().sorted().filter(name -> !names.contains(name) && !name.startsWith("dlq-")).forEach(names::add);
        for (String name : names) {
            if (attributes.size() >= MAX_ATTRIBUTES) {
                break;
            }
            attributes.put(name, Requeue.copy(originals.get(name)));
        }
        return attributes;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
