package io.eventflow.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Waiting for an effect that the emulator or the local runner makes asynchronously (queues draining, a message arriving
 * in a dead-letter queue, spans exported): a condition checked every interval until it holds, for at most a timeout.
 * Immutable: {@code Poll.every(Duration.ofMillis(250)).forAtMost(timeout).inARow(2).until(this::drained)}.
 *
 * @param interval the pause between two checks (zero when the check itself waits, as a long poll does)
 * @param timeout how long to keep checking
 * @param inARow how many consecutive checks must hold: a queue's message counts are approximate, and one empty reading
 *               can fall between a receive and the delete or send that follows it
 */
public record Poll(Duration interval, Duration timeout, int inARow) {

    /** The timeout of {@link #every}: long enough for the emulator under a loaded build. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Poll {
        Objects.requireNonNull(interval);
        Objects.requireNonNull(timeout);
        if (interval.isNegative() || timeout.isNegative() || inARow < 1) {
            throw new IllegalArgumentException("interval and timeout must not be negative, inARow at least 1");
        }
    }

    /** Checks every {@code interval}, for at most {@link #DEFAULT_TIMEOUT}, once. */
    public static Poll every(Duration interval) {
        return new Poll(interval, DEFAULT_TIMEOUT, 1);
    }

    /** This poll with another timeout. */
    public Poll forAtMost(Duration timeout) {
        return new Poll(interval, timeout, inARow);
    }

    /** This poll, satisfied only when the condition holds this many checks in a row. */
    public Poll inARow(int checks) {
        return new Poll(interval, timeout, checks);
    }

    /**
     * Checks the condition (at once, then after each interval) until it held {@link #inARow} times in a row or the
     * timeout passed. An interrupt ends the wait: the thread's interrupt flag stays set and the result is false.
     *
     * @return whether the condition held before the timeout
     */
    public boolean until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int held = 0;
        while (true) {
            held = condition.getAsBoolean() ? held + 1 : 0;
            if (held >= inARow) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
