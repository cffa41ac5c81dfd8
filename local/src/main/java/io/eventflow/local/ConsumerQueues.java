package io.eventflow.local;

/**
 * A consumer's two queues, as the operations commands address them.
 *
 * @param consumer the consumer's name ({@code notifier})
 * @param queueUrl its source queue, which SNS fills and its function drains
 * @param deadLetterQueueUrl where SQS or the consumer puts what it gave up on
 */
public record ConsumerQueues(String consumer, String queueUrl, String deadLetterQueueUrl) {}
