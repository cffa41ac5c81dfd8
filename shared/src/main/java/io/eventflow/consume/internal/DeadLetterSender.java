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
 * leaves a duplicate in the DLQ, never a loss. The copy always fits the DLQ's {@code MaximumMessageSize} (the template
 * gives the DLQs SQS's largest, {@link PlatformLimits#SQS_MESSAGE_BYTES}), counted as SQS counts it
 * ({@link SqsMessageSize}): a message its own queue took to its limit still leaves room for the reason.
 */
public final class DeadLetterSender {

    /** SQS allows 10 message attributes; five are ours, so at most five of the original's are kept. */
    static final int MAX_ATTRIBUTES = PlatformLimits.SQS_MESSAGE_ATTRIBUTES;
    /** Attributes of the original kept first when there is no room for all of them. */
    private static final List<String> KEPT_FIRST = List.of(MessageAttributes.TYPE, MessageAttributes.EVENT_ID,
            MessageAttributes.TRACEPARENT, MessageAttributes.TRACESTATE);
    private static final int MAX_ERROR_LENGTH = 1000;

    /** Ours to give up, after the original's, when even a shortened error leaves the copy too large: the reason stays. */
    private static final List<String> DROPPED_LAST = List.of(DeadLetterReason.FAILED_AT_ATTRIBUTE,
            DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE, DeadLetterReason.CONSUMER_ATTRIBUTE);
    /** How short the error may get before attributes are dropped to make room for it. */
    private static final int MIN_ERROR_BYTES = 100;

    private final SqsClient sqs;
    private final Clock clock;
    private final long maxMessageBytes;

    public DeadLetterSender(SqsClient sqs, Clock clock) {
        this(sqs, clock, PlatformLimits.SQS_MESSAGE_BYTES);
    }

    DeadLetterSender(SqsClient sqs, Clock clock, long maxMessageBytes) {
        this.sqs = sqs;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
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

    /**
     * Ours first, then as many of the original's as SQS's ten allow: the ones tracing and filtering rely on before the
     * rest; then cut to the DLQ's size beside the body ({@link #fitted}).
     */
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
        return fitted(record.body(), attributes);
    }

    /**
     * The attributes cut until body and attributes fit the DLQ's size: {@value DeadLetterReason#ERROR_ATTRIBUTE}
     * shortened first, down to {@value #MIN_ERROR_BYTES} bytes; then the original's attributes dropped, the least
     * important first (the reverse of the order they were kept in), then ours but the reason; the error then gets
     * whatever room is left. The body is the original's and is never cut.
     */
    private Map<String, MessageAttributeValue> fitted(String body, Map<String, MessageAttributeValue> attributes) {
        if (SqsMessageSize.of(body, attributes) <= maxMessageBytes) {
            return attributes;
        }
        String error = attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();
        long errorOverhead = SqsMessageSize.attributeBytes(DeadLetterReason.ERROR_ATTRIBUTE, string(""));
        long wanted = errorOverhead + Math.min(MIN_ERROR_BYTES, SqsMessageSize.utf8(error));
        List<String> droppable = new ArrayList<>(attributes.keySet().stream().filter(name -> !name.startsWith("dlq-")).toList().reversed());
        droppable.addAll(DROPPED_LAST);
        for (String name : droppable) {
            if (withoutError(body, attributes) + wanted <= maxMessageBytes) {
                break;
            }
            attributes.remove(name);
        }
        long room = maxMessageBytes - withoutError(body, attributes) - errorOverhead;
        String shorter = ErrorText.cutToBytes(error, (int) Math.max(0, Math.min(room, Integer.MAX_VALUE)));
        if (shorter.isEmpty()) {
            attributes.remove(DeadLetterReason.ERROR_ATTRIBUTE); // SQS refuses an empty value
        } else {
            attributes.put(DeadLetterReason.ERROR_ATTRIBUTE, string(shorter)); // in its place: the order stays
        }
        return attributes;
    }

    private static long withoutError(String body, Map<String, MessageAttributeValue> attributes) {
        MessageAttributeValue error = attributes.get(DeadLetterReason.ERROR_ATTRIBUTE);
        return SqsMessageSize.of(body, attributes) - SqsMessageSize.attributeBytes(DeadLetterReason.ERROR_ATTRIBUTE, error);
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
