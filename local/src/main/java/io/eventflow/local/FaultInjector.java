package io.eventflow.local;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.EventHandler;
import io.eventflow.consume.HandlerDecorator;
import io.eventflow.consume.ItemReads;
import io.eventflow.consume.TransactionalEventHandler;
import io.eventflow.event.Event;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Chaos for the soak test, injected into real handlers: a seeded share of first attempts fails with a transient error,
 * and chosen events crash the invocation after their claim (the process "dies" before completing, so the claim's lease
 * has to expire before anyone can retry). Deterministic for a given seed and set of events.
 */
final class FaultInjector implements HandlerDecorator {

    private final long seed;
    private final double transientRate;
    private final Set<String> crashIds;
    private final LongAdder transientFailures = new LongAdder();
    private final LongAdder crashes = new LongAdder();

    /**
     * @param seed makes the choice of failing events reproducible
     * @param transientRate share of first attempts that fail with a retryable error
     * @param crashIds ids of events whose first attempt crashes the invocation
     */
    FaultInjector(long seed, double transientRate, Set<String> crashIds) {
        this.seed = seed;
        this.transientRate = transientRate;
        this.crashIds = Set.copyOf(crashIds);
    }

    long transientFailures() {
        return transientFailures.sum();
    }

    long crashes() {
        return crashes.sum();
    }

    @Override
    public EventHandler decorate(EventHandler handler) {
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        return delivery -> {
            injectOnFirstAttempt(attempted, delivery.event());
            handler.handle(delivery);
        };
    }

    @Override
    public TransactionalEventHandler decorate(TransactionalEventHandler handler) {
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        return new TransactionalEventHandler() {
            @Override
            public List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) throws Exception {
                injectOnFirstAttempt(attempted, delivery.event());
                return handler.effects(delivery, reads);
            }

            /**
             * The handler's own combining, kept. A batch holding an event whose first attempt is to fail cannot be
             * computed together, so the processor computes that event alone, where the fault is injected (a crash
             * happens at once, as it would in the batch).
             */
            @Override
            public List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) throws Exception {
                for (Delivery delivery : deliveries) {
                    String id = delivery.event().id();
                    if (!attempted.contains(id) && crashIds.contains(id)) {
                        injectOnFirstAttempt(attempted, delivery.event());
                    }
                    if (!attempted.contains(id) && failsTransiently(id)) {
                        throw new IllegalStateException("injected: " + id + " fails its first attempt, computed alone");
                    }
                }
                return handler.effects(deliveries, reads);
            }
        };
    }

    private void injectOnFirstAttempt(Set<String> attempted, Event event) {
        if (!attempted.add(event.id())) {
            return;
        }
        if (crashIds.contains(event.id())) {
            crashes.increment();
            throw new SimulatedCrash(event.id());
        }
        if (failsTransiently(event.id())) {
            transientFailures.increment();
            throw new IllegalStateException("injected transient failure for " + event.id());
        }
    }

    private boolean failsTransiently(String eventId) {
        return Math.floorMod(mix(eventId.hashCode() ^ seed), 10_000) < transientRate * 10_000;
    }

    /** SplitMix64's finalizer: spreads similar ids (UUIDv7 share prefixes) over the whole range. */
    private static long mix(long value) {
        long z = value + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** The process dying mid-invocation: an Error, so no handler code catches it as an ordinary failure. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String eventId) {
            super("simulated crash while processing " + eventId);
        }
    }
}
