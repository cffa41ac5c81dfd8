package io.eventflow.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far from now an event's time may be for a consumer to admit it, in both directions: a producer with a broken
 * clock must not put events years away into day buckets and retention times. Replayed events are old by design, so
 * only {@link #maxAhead} applies to them. A function's window comes from its environment
 * ({@link ConsumerSettings#EVENT_MAX_AGE_DAYS}, {@link ConsumerSettings#EVENT_MAX_AHEAD_MINUTES}), the defaults when unset.
 *
 * @param maxAge how long before now an event may have happened (default two years: far more than a message can wait
 *     in its queue and then in its dead-letter queue before a redrive, 14 days each, so only broken clocks are refused)
 * @param maxAhead how far after now an event may claim to happen (default one day of clock skew)
 */
public record EventTimeWindow(Duration maxAge, Duration maxAhead) {

    public EventTimeWindow {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxAhead, "maxAhead");
        if (maxAge.isNegative() || maxAhead.isNegative()) {
            throw new IllegalArgumentException("an event time window cannot be negative: " + maxAge + ", " + maxAhead);
        }
    }

    /** Two years back, one day ahead. */
    public static EventTimeWindow defaults() {
        return new EventTimeWindow(Duration.ofDays(730), Duration.ofDays(1));
    }

    /**
     * Why the time is outside the window around {@code now}, or null when it is inside.
     *
     * @param replayed whether the event is a replay, to which {@link #maxAge} does not apply
     */
    public String outside(Instant time, Instant now, boolean replayed) {
        if (time.isAfter(now.plus(maxAhead))) {
            return "event time " + time + " is more than " + maxAhead + " after now (" + now + ")";
        }
        if (!replayed && time.isBefore(now.minus(maxAge))) {
            return "event time " + time + " is more than " + maxAge + " before now (" + now + ")";
        }
        return null;
    }
}
