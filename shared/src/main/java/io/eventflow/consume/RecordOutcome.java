package io.eventflow.consume;

/** What became of one SQS record in a batch. */
public enum RecordOutcome {
    /** The handler ran and its effect is done. */
    PROCESSED,
    /** Already processed before (a redelivery or a republish): acknowledged without running the handler. */
    DUPLICATE,
    /** A retryable failure: reported as a batch item failure, redelivered after an exponential backoff. */
    RETRIED,
    /** Sent to the dead-letter queue with its reason, and deleted from the source queue: never retried. */
    DEAD_LETTERED,
    /**
     * Not attempted (the invocation was running out of time, or an earlier message of its FIFO group failed): reported
     * as a batch item failure without being claimed, so it comes back untouched.
     */
    NOT_STARTED;

    /** Whether the record is reported back to SQS as a batch item failure. */
    public boolean reportedAsFailure() {
        return this == RETRIED || this == NOT_STARTED;
    }
}
