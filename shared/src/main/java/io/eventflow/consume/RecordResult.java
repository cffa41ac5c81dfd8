package io.eventflow.consume;

/**
 * The outcome of one record, as reported to a {@link ProcessingListener}.
 *
 * @param consumer consumer name
 * @param messageId SQS message id
 * @param eventId the event's id, or null when the body could not be parsed
 * @param eventType the event's type, or null when the body could not be parsed
 * @param outcome what happened
 * @param error why it failed, or null
 */
public record RecordResult(String consumer, String messageId, String eventId, String eventType, RecordOutcome outcome, String error) {}
