package io.eventflow.consume;

/** What became of one SQS record in a batch. */
public enum RecordOutcome {
    /** The handler ran and its effect is done. */
    PROCESSED,
    /** Already processed before (a redelivery or a republish): acknowledged without running the handler. */
    DUPLICATE,
    /** Reported as a batch item failure: SQS delivers it again, and its redrive policy dead-letters it in the end. */
    FAILED
}
