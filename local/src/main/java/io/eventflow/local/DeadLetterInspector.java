package io.eventflow.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads dead-letter queues without consuming them: messages are received hidden for a short while (so that a second
 * receive returns others), then released at once by setting their visibility back to 0. Only their SQS receive count
 * changes, which eventflow does not use on a dead-letter queue; the consumer's own receive count travels in
 * {@code dlq-receive-count}.
 */
public final class DeadLetterInspector {

    /** How many messages {@code dlq list} reads per queue for the age and reasons. */
    public static final int SUMMARY_PEEK_LIMIT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterInspector.class);
    /** Long enough to receive {@link #SUMMARY_PEEK_LIMIT} messages; released right after, or by SQS if this dies. */
    private static final int HIDE_SECONDS = 30;

    private final SqsClient sqs;

    public DeadLetterInspector(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs);
    }

    /** Count, in flight, oldest age and reasons of a consumer's DLQ, from at most {@link #SUMMARY_PEEK_LIMIT} messages. */
    public DeadLetterSummary summarize(ConsumerQueues queues) {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(request -> request
                .queueUrl(queues.deadLetterQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        long visible = Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        long inFlight = Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        List<DeadLetterMessage> peeked = receiveAndRelease(queues.deadLetterQueueUrl(), (int) Math.min(SUMMARY_PEEK_LIMIT, visible));
        Map<String, Long> reasons = peeked.stream()
                .collect(Collectors.groupingBy(DeadLetterMessage::reason, Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return new DeadLetterSummary(queues, visible, inFlight, peeked.size(),
                peeked.stream().map(DeadLetterMessage::sentAt).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null),
                reasons);
    }

    /** Messages waiting in the queue (SQS's approximate count of visible messages). */
    public long count(String queueUrl) {
        return Long.parseLong(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * Up to {@code limit} messages of a queue, oldest first, left in the queue and visible again when this returns.
     * Reads no more than the queue's approximate count, and stops early when a receive finds nothing.
     */
    public List<DeadLetterMessage> peek(String queueUrl, int limit) {
        return receiveAndRelease(queueUrl, (int) Math.min(limit, count(queueUrl)));
    }

    private List<DeadLetterMessage> receiveAndRelease(String queueUrl, int limit) {
        Map<String, Message> seen = new LinkedHashMap<>();
        List<Message> received = new ArrayList<>();
        try {
            while (seen.size() < limit) {
                List<Message> batch = receive(queueUrl, Math.min(10, limit - seen.size()), HIDE_SECONDS);
                if (batch.isEmpty()) {
                    break;
                }
                received.addAll(batch);
                batch.forEach(message -> seen.putIfAbsent(message.messageId(), message));
            }
        } finally {
            release(queueUrl, received);
        }
        return seen.values().stream()
                .map(DeadLetterMessage::from)
                .sorted(Comparator.comparing(DeadLetterMessage::sentAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Receives up to {@code max} (at most 10) messages with every attribute, hidden for {@code hideSeconds}. */
    List<Message> receive(String queueUrl, int max, int hideSeconds) {
        return sqs.receiveMessage(request -> request
                .queueUrl(queueUrl)
                .maxNumberOfMessages(max)
                .visibilityTimeout(hideSeconds)
                .waitTimeSeconds(1) // long polling asks every SQS server: short polling may miss a few messages
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    /** Makes received messages visible again now; any left hidden reappear after {@link #HIDE_SECONDS} anyway. */
    void release(String queueUrl, List<Message> messages) {
        for (int start = 0; start < messages.size(); start += 10) {
            List<Message> chunk = messages.subList(start, Math.min(messages.size(), start + 10));
            Map<String, Message> byEntryId = new LinkedHashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                byEntryId.put(String.valueOf(i), chunk.get(i));
            }
            var response = sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(
                    byEntryId.entrySet().stream().map(entry -> ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(entry.getKey()).receiptHandle(entry.getValue().receiptHandle()).visibilityTimeout(0).build())
                            .toList()));
            response.failed().forEach(failure -> LOG.warn("Message {} stays hidden until its visibility timeout ends: {}",
                    byEntryId.get(failure.id()).messageId(), failure.message()));
        }
    }
}
