package io.eventflow.consume.internal;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an idempotency claim's outcome, or a failure after the claim, makes of a record: shared by the claiming strategies. */
final class ClaimSettlement {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSettlement.class);

    private final IdempotencyStore idempotency;

    ClaimSettlement(IdempotencyStore idempotency) {
        this.idempotency = idempotency;
    }

    RecordResult resolve(ClaimOutcome claim, AdmittedEvent admitted, Failures failures) {
        SqsRecord record = admitted.record();
        return switch (claim) {
            case CLAIMED -> failures.result(record, admitted.event(), RecordOutcome.PROCESSED);
            case DUPLICATE -> failures.result(record, admitted.event(), RecordOutcome.DUPLICATE);
            case IN_PROGRESS -> failures.retryLater(record, admitted.event());
            case PAYLOAD_CONFLICT -> failures.deadLetter(record, admitted.event(), DeadLetterReason.PAYLOAD_CONFLICT,
                    "event id " + admitted.event().id() + " was already used with a different payload");
            case NOT_APPLIED -> failures.retry(record, admitted.event(), "its transaction was cancelled for another record");
        };
    }

    /** The handler (or a claim) failed: record why in the idempotency table, then dead-letter or retry. */
    RecordResult failed(AdmittedEvent admitted, Exception error, BatchRun run) {
        run.recordException(admitted.record(), error);
        try {
            idempotency.fail(admitted.key(), admitted.hash(), error);
        } catch (RuntimeException recordFailure) {
            // The lease still expires on its own; the retry is not blocked for long.
            LOG.warn("could not record the failure of {}: {}", admitted.event(), recordFailure.toString());
        }
        return run.failures().failed(admitted.record(), admitted.event(), error);
    }
}
