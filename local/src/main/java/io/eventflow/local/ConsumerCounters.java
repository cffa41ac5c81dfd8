package io.eventflow.local;

import io.eventflow.consume.ProcessingListener;
import io.eventflow.consume.RecordResult;
import java.util.concurrent.atomic.LongAdder;

/** Per-consumer tallies of what the local runner saw: received records and their outcomes. */
public final class ConsumerCounters implements ProcessingListener {

    private final LongAdder received = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    @Override
    public void onRecord(RecordResult result) {
        received.increment();
        switch (result.outcome()) {
            case PROCESSED -> processed.increment();
            case DUPLICATE -> duplicates.increment();
            case RETRIED, NOT_STARTED -> failed.increment();
            case DEAD_LETTERED -> deadLettered.increment();
        }
    }

    public long received() {
        return received.sum();
    }

    public long processed() {
        return processed.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    /** Records reported back to SQS for another delivery (retried, or not started). */
    public long failed() {
        return failed.sum();
    }

    /** Records this consumer sent to its dead-letter queue itself. */
    public long deadLettered() {
        return deadLettered.sum();
    }
}
