package io.eventflow.consume;

import java.util.List;

/**
 * Told the outcome of every record a {@link SqsBatchProcessor} handles, and then of the whole batch: for metrics,
 * logs and the local runner.
 */
@FunctionalInterface
public interface ProcessingListener {

    /** A listener that ignores everything. */
    ProcessingListener NONE = result -> {};

    /** One record's outcome, once the batch is done. */
    void onRecord(RecordResult result);

    /** Every record's outcome, in batch order, after {@link #onRecord} was told each (once per invocation). */
    default void onBatch(List<RecordResult> results) {}

    /** This listener, then another. */
    default ProcessingListener andThen(ProcessingListener next) {
        ProcessingListener first = this;
        return new ProcessingListener() {
            @Override
            public void onRecord(RecordResult result) {
                first.onRecord(result);
                next.onRecord(result);
            }

            @Override
            public void onBatch(List<RecordResult> results) {
                first.onBatch(results);
                next.onBatch(results);
            }
        };
    }
}
