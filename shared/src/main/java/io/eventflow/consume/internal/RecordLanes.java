package io.eventflow.consume.internal;

import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Runs a batch's records as lanes side by side: the records of one FIFO message group, or of one event, form one
 * lane, in their batch order; every other record is a lane of its own. Each lane runs on a virtual thread, at most {@code parallelism}
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

    /**
     * The lanes of a batch, each in batch order; the order of lanes is that of their first record. Records share a
     * lane when they share a FIFO group or an event id (the {@code event-id} attribute): a repeat of an event in the
     * same batch then finds the first one completed, a duplicate, as it would sequentially, not claimed by a
     * neighbour still at work.
     */
    static List<List<SqsRecord>> of(List<SqsRecord> records) {
        int[] lane = new int[records.size()];
        Map<String, Integer> firstByKey = new HashMap<>();
        for (SqsRecord record : records) {
            lane[record.index()] = record.index();
            for (String key : keys(record)) {
                Integer first = firstByKey.putIfAbsent(key, record.index());
                if (first != null) {
                    join(lane, first, record.index());
                }
            }
        }
        Map<Integer, List<SqsRecord>> lanes = new LinkedHashMap<>();
        for (SqsRecord record : records) {
            lanes.computeIfAbsent(root(lane, record.index()), key -> new ArrayList<>()).add(record);
        }
        return List.copyOf(lanes.values());
    }

    private static List<String> keys(SqsRecord record) {
        List<String> keys = new ArrayList<>(2);
        if (record.groupId() != null) {
            keys.add("group:" + record.groupId());
        }
        if (record.eventIdAttribute() != null) {
            keys.add("event:" + record.eventIdAttribute());
        }
        return keys;
    }

    /** Union of two records' lanes, rooted at the earlier record. */
    private static void join(int[] lane, int a, int b) {
        int rootA = root(lane, a);
        int rootB = root(lane, b);
        lane[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
    }

    private static int root(int[] lane, int index) {
        while (lane[index] != index) {
            index = lane[index];
        }
        return index;
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
