package io.eventflow.consume;

/** Told the outcome of every record a {@link SqsBatchProcessor} handles: for metrics, logs and the local runner. */
@FunctionalInterface
public interface ProcessingListener {

    /** A listener that ignores everything. */
    ProcessingListener NONE = result -> {};

    void onRecord(RecordResult result);
}
