package io.eventflow.consume.internal;

/**
 * What the batch processor needs to know about the queue a record came from.
 *
 * @param arn the queue's ARN (the record's {@code eventSourceARN})
 * @param url the queue's URL
 * @param deadLetterUrl the URL of its redrive policy's dead-letter queue, or null when it has none
 * @param maxReceiveCount receives after which SQS moves a message to the dead-letter queue (0: no redrive policy)
 */
public record SourceQueue(String arn, String url, String deadLetterUrl, int maxReceiveCount) {

    /** FIFO queues need a message group and a deduplication id on every send. */
    public boolean fifo() {
        return arn.endsWith(".fifo");
    }

    public boolean hasDeadLetterQueue() {
        return deadLetterUrl != null;
    }
}
