package io.eventflow.idempotency;

/** What a claim on an idempotency key found. */
public enum ClaimOutcome {
    /** The caller now owns the key (or, on the transactional path, its effects were applied). */
    CLAIMED,
    /** The event was already completed with the same payload: acknowledge it, do nothing. */
    DUPLICATE,
    /** Another worker holds an unexpired lease on the key: try again later. */
    IN_PROGRESS,
    /** The key was used before with a different payload: the event id was reused for other content. */
    PAYLOAD_CONFLICT,
    /**
     * Nothing was written because another claim of the same transaction was not free: the claim itself may well be,
     * so try it again on its own.
     */
    NOT_APPLIED
}
