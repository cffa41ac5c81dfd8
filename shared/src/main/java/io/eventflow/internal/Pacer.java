package io.eventflow.internal;

import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Spaces work to at most {@code rate} units per second, for tools that move many messages (replay, dead-letter
 * redrive) without flooding a consumer. It never bursts to catch up after a slow step: a pause is lost, not saved up.
 */
public final class Pacer {

    private final double nanosPerUnit;
    private long next = System.nanoTime();

    /** @param rate units per second; empty for no limit */
    public Pacer(OptionalDouble rate) {
        if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate.getAsDouble());
        }
        this.nanosPerUnit = rate.isPresent() ? 1_000_000_000d / rate.getAsDouble() : 0;
    }

    /** Waits until {@code units} more may go. */
    public void awaitTurn(int units) throws InterruptedException {
        if (nanosPerUnit == 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        next = Math.max(next, System.nanoTime()) + (long) (nanosPerUnit * units);
    }
}
