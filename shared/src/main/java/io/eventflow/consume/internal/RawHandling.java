package io.eventflow.consume.internal;

import io.eventflow.consume.RawMessage;
import io.eventflow.consume.RawMessageHandler;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import java.util.List;

/**
 * The commit strategy of raw-message mode: the handler alone, no claim (the logic keeps its own state); a failure
 * goes through the failure policy like any consumer's.
 */
public final class RawHandling implements CommitStrategy<RawMessage> {

    private final RawMessageHandler handler;

    public RawHandling(RawMessageHandler handler) {
        this.handler = handler;
    }

    /** Admits every record as it is. */
    public static Admission<RawMessage> admit(SqsRecord record) {
        return new Admission.Admitted<>(record,
                new RawMessage(record.messageId(), record.body(), record.receiveCount(), record.traceHeaders()), null);
    }

    @Override
    public boolean together() {
        return false;
    }

    @Override
    public List<RecordResult> commit(List<Admission.Admitted<RawMessage>> records, BatchRun run) {
        return records.stream().map(record -> handle(record, run)).toList();
    }

    private RecordResult handle(Admission.Admitted<RawMessage> admitted, BatchRun run) {
        try {
            handler.handle(admitted.work(), run.context());
            return run.failures().result(admitted.record(), null, RecordOutcome.PROCESSED);
        } catch (Exception error) {
            run.recordException(admitted.record(), error);
            return run.failures().failed(admitted.record(), null, error);
        }
    }
}
