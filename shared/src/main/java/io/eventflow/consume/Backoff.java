package io.eventflow.consume;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter for retryable failures: before the next delivery a record waits a random time
 * in {@code [0, min(cap, base * 2^(receiveCount - 1))]}. Full jitter spreads the retries of a failed burst instead of
 * bunching them on a fixed visibility timeout. Immutable.
 */
public final class Backoff {

    /** Base of the retry backoff, in seconds (default 2). */
    public static final String BASE_SECONDS = "EVENTFLOW_BACKOFF_BASE_SECONDS";
    /** Longest retry backoff, in seconds (default 900; SQS allows at most 43200). */
    public static final String CAP_SECONDS = "EVENTFLOW_BACKOFF_CAP_SECONDS";

    /** The longest visibility timeout SQS accepts. */
    public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

    private final Duration base;
    private final Duration cap;

    private Backoff(Builder builder) {
        this.base = builder.base;
        this.cap = builder.cap.compareTo(SQS_MAX_VISIBILITY) > 0 ? SQS_MAX_VISIBILITY : builder.cap;
    }

    /** Base 2 s, cap 15 minutes. */
    public static Backoff defaults() {
        return builder().build();
    }

    /**
     * The backoff {@value #BASE_SECONDS} and {@value #CAP_SECONDS} describe (defaults as {@link #defaults()}).
     *
     * @throws ConfigurationException naming the variables when a value is malformed or the cap is below the base
     */
    public static Backoff fromConfig(EventflowConfig config) {
        int base = config.positiveInt(BASE_SECONDS, 2);
        int cap = config.positiveInt(CAP_SECONDS, 900);
        try {
            return builder().base(Duration.ofSeconds(base)).cap(Duration.ofSeconds(cap)).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CAP_SECONDS + " (" + cap + ") must not be below " + BASE_SECONDS + " (" + base + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Duration base() {
        return base;
    }

    public Duration cap() {
        return cap;
    }

    /** The upper bound of the wait after the given receive (1 for the first delivery). */
    public Duration ceiling(int receiveCount) {
        int doublings = Math.max(0, receiveCount - 1);
        // Compare before shifting: base << doublings overflows long long before receive counts get silly.
        if (doublings >= Long.SIZE - 1 || base.toMillis() > (cap.toMillis() >> doublings)) {
            return cap;
        }
        return Duration.ofMillis(base.toMillis() << doublings);
    }

    /** A wait drawn uniformly from {@code [0, ceiling(receiveCount)]}, in whole seconds (what SQS takes). */
    public int delaySeconds(int receiveCount, RandomGenerator random) {
        return (int) (random.nextLong(ceiling(receiveCount).toMillis() + 1) / 1000);
    }

    /** Builder for {@link Backoff}. */
    public static final class Builder {
        private Duration base = Duration.ofSeconds(2);
        private Duration cap = Duration.ofMinutes(15);

        private Builder() {}

        public Builder base(Duration base) {
            if (base.isNegative() || base.isZero()) {
                throw new IllegalArgumentException("backoff base must be positive: " + base);
            }
            this.base = base;
            return this;
        }

        /** Longest wait; values above SQS's 12-hour visibility limit are lowered to it. */
        public Builder cap(Duration cap) {
            this.cap = Objects.requireNonNull(cap);
            return this;
        }

        public Backoff build() {
            if (cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
            }
            return new Backoff(this);
        }
    }
}
