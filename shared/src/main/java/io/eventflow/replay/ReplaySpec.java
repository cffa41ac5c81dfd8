package io.eventflow.replay;

import io.eventflow.archive.ArchiveQuery;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a replay sends, to whom and how fast. Immutable; build with {@link #builder()}.
 *
 * @param target the consumer's name (its idempotency key prefix, {@code EVENTFLOW_CONSUMER})
 * @param targetQueueUrl the consumer's queue
 * @param window the archived events to send, in time order
 * @param mode recover (default) or reprocess
 * @param rate events per second at most; empty for as fast as SQS takes them
 */
public record ReplaySpec(String target, String targetQueueUrl, ArchiveQuery window, ReplayMode mode, OptionalDouble rate) {

    public ReplaySpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetQueueUrl, "targetQueueUrl");
        Objects.requireNonNull(window, "window");
        mode = mode == null ? ReplayMode.RECOVER : mode;
        rate = rate == null ? OptionalDouble.empty() : rate;
        if (target.isBlank()) {
            throw new IllegalArgumentException("a replay needs a target consumer");
        }
        if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
            throw new IllegalArgumentException("the rate must be a positive number of events per second, got " + rate.getAsDouble());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ReplaySpec}. */
    public static final class Builder {
        private String target;
        private String targetQueueUrl;
        private ArchiveQuery window;
        private ReplayMode mode = ReplayMode.RECOVER;
        private OptionalDouble rate = OptionalDouble.empty();

        private Builder() {}

        /** The target consumer's name and queue. */
        public Builder target(String consumer, String queueUrl) {
            this.target = consumer;
            this.targetQueueUrl = queueUrl;
            return this;
        }

        public Builder window(ArchiveQuery window) {
            this.window = window;
            return this;
        }

        public Builder mode(ReplayMode mode) {
            this.mode = mode;
            return this;
        }

        /** At most this many events per second. */
        public Builder rate(double eventsPerSecond) {
            this.rate = OptionalDouble.of(eventsPerSecond);
            return this;
        }

        public ReplaySpec build() {
            return new ReplaySpec(target, targetQueueUrl, window, mode, rate);
        }
    }
}
