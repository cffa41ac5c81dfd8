package io.eventflow.consume.internal;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.EventHandler;
import io.eventflow.consume.RecordResult;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import java.util.List;

/**
 * The commit strategy for effects outside DynamoDB: claim the record's key (IN PROGRESS, leased for the rest of the
 * invocation), run the handler, complete. A failure marks the claim FAILED, which frees it for the retry.
 */
public final class ClaimHandleComplete implements CommitStrategy<AdmittedEvent> {

    private final IdempotencyStore idempotency;
    private final EventHandler handler;
    private final ClaimSettlement settlement;

    public ClaimHandleComplete(IdempotencyStore idempotency, EventHandler handler) {
        this.idempotency = idempotency;
        this.handler = handler;
        this.settlement = new ClaimSettlement(idempotency);
    }

    @Override
    public boolean together() {
        return false;
    }

    @Override
    public List<RecordResult> commit(List<Admission.Admitted<AdmittedEvent>> records, BatchRun run) {
        return records.stream().map(record -> settle(record.work(), run)).toList();
    }

    private RecordResult settle(AdmittedEvent admitted, BatchRun run) {
        try {
            ClaimOutcome claim = idempotency.claim(admitted.key(), admitted.hash(), run.lease());
            if (claim == ClaimOutcome.CLAIMED) {
                Delivery delivery = admitted.delivery();
                handler.handle(delivery);
                idempotency.complete(admitted.key());
                run.emitted(admitted.record(), delivery.emitted());
            }
            return settlement.resolve(claim, admitted, run.failures());
        } catch (Exception error) {
            return settlement.failed(admitted, error, run);
        }
    }
}
