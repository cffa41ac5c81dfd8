package io.eventflow.consume.internal;

import io.eventflow.internal.PlatformLimits;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;

/**
 * The backoffs decided during one batch, applied together at its end with {@code ChangeMessageVisibilityBatch}
 * (10 per request): a batch with many retries costs one request per ten, not one per record.
 */
public final class VisibilityChanges {

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityChanges.class);
    private static final int MAX_BATCH = PlatformLimits.SQS_BATCH_ENTRIES;

    private final SqsClient sqs;
    private final Map<String, List<ChangeMessageVisibilityBatchRequestEntry>> byQueue = new LinkedHashMap<>();

    public VisibilityChanges(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Makes the message visible again after {@code seconds}. */
    public synchronized void add(String queueUrl, SQSEvent.SQSMessage message, int seconds) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = byQueue.computeIfAbsent(queueUrl, url -> new ArrayList<>());
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(entries.size()))
                .receiptHandle(message.getReceiptHandle())
                .visibilityTimeout(seconds)
                .build());
    }

    /** Sends every change; a failure only means the queue's own visibility timeout applies instead. */
    public synchronized void apply() {
        byQueue.forEach((queueUrl, entries) -> {
            for (int start = 0; start < entries.size(); start += MAX_BATCH) {
                List<ChangeMessageVisibilityBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + MAX_BATCH));
                try {
                    List<BatchResultErrorEntry> failed = sqs.changeMessageVisibilityBatch(request -> request
                            .queueUrl(queueUrl).entries(chunk)).failed();
                    failed.forEach(error -> LOG.warn("backoff of one message in {} not applied: {} {}", queueUrl, error.code(), error.message()));
                } catch (RuntimeException e) {
                    LOG.warn("backoff of {} messages in {} not applied: {}", chunk.size(), queueUrl, e.toString());
                }
            }
        });
    }
}
