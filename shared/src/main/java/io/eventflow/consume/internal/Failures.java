package io.eventflow.consume.internal;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.event.Event;

/**
 * One batch's use of the {@link FailurePolicy}: each method decides a record's result (and sends what that takes:
 * a dead letter, a requeue); the backoffs decided are collected and sent together by {@link #apply}, at the batch's
 * end, in {@code ChangeMessageVisibilityBatch} requests.
 */
public final class Failures {

    private final FailurePolicy policy;
    private final VisibilityChanges backoffs;

    private Failures(FailurePolicy policy, VisibilityChanges backoffs) {
        this.policy = policy;
        this.backoffs = backoffs;
    }

    /** One batch's decisions under this policy; {@link #apply} sends its backoffs at the end. */
    public static Failures begin(FailurePolicy policy) {
        return new Failures(policy, policy.newBackoffs());
    }

    /** The handler (or a claim) threw: dead-letter a {@code NonRetryableException}, retry anything else. */
    public RecordResult failed(SqsRecord record, Event event, Exception error) {
        return policy.failed(record, event, error, backoffs);
    }

    /** A retryable failure: back off, or dead-letter with the error on the queue's last allowed receive. */
    public RecordResult retry(SqsRecord record, Event event, String error) {
        return policy.retry(record, event, error, backoffs);
    }

    /** Another worker holds the record's claim: come back soon, never dead-lettered for it. */
    public RecordResult retryLater(SqsRecord record, Event event) {
        return policy.retryLater(record, event, backoffs);
    }

    /** Not attempted in this invocation, for the reason given. */
    public RecordResult notStarted(SqsRecord record, String reason) {
        return policy.notStarted(record, reason);
    }

    /** Non-retryable: to the dead-letter queue at once. */
    public RecordResult deadLetter(SqsRecord record, Event event, DeadLetterReason reason, String error) {
        return policy.deadLetter(record, event, reason, error, backoffs);
    }

    /** A record's result with no failure handling (processed, duplicate). */
    public RecordResult result(SqsRecord record, Event event, RecordOutcome outcome) {
        return policy.result(record, event, outcome, null);
    }

    /** Sends the batch's backoffs. */
    public void apply() {
        backoffs.apply();
    }
}
