package io.eventflow.consume.internal;

import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Runs a batch's records as lanes side by side: the records of one FIFO message group form one lane, in their batch
 * order; every other record is a lane of its own. Each lane runs on a virtual thread, at most {@code parallelism}
 * at a time, in the caller's trace context (so message spans stay children of the batch span); {@link #run} returns
 * once every lane has finished.
 */
final class RecordLanes {

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("eventflow-record-", 0).factory();

    private final int parallelism;

    RecordLanes(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** The lanes of a batch, each in batch order; the order of lanes is that of their first record. */
    static List<List<SqsRecord>> of(List<SqsRecord> records) {
        Map<Object, List<SqsRecord>> lanes = new LinkedHashMap<>();
        for (SqsRecord record : records) {
            Object lane = record.groupId() != null ? record.groupId() : record;
            lanes.computeIfAbsent(lane, key -> new ArrayList<>()).add(record);
        }
        return List.copyOf(lanes.values());
    }

    /** Runs {@code lane} for every lane and waits for all; {@code lane} must not throw. */
    void run(List<List<SqsRecord>> lanes, Consumer<List<SqsRecord>> lane) {
        Context parent = Context.current();
        Semaphore permits = new Semaphore(parallelism);
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(VIRTUAL)) {
            for (List<SqsRecord> records : lanes) {
                permits.acquireUninterruptibly();
                threads.execute(parent.wrap(() -> {
                    try {
                        lane.accept(records);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
    }
}
