package io.eventflow.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One consumer's dead-letter queue at a glance.
 *
 * @param queues the consumer and its queues
 * @param messages messages waiting in the DLQ (SQS's approximate count of visible messages)
 * @param inFlight messages someone has received and not yet deleted or released
 * @param peeked how many of them were read for the age and reasons
 * @param oldestSentAt the earliest first-sent time among those read, or null when none were
 * @param reasons reason code to count among those read, most frequent first
 */
public record DeadLetterSummary(ConsumerQueues queues, long messages, long inFlight, int peeked, Instant oldestSentAt,
                                Map<String, Long> reasons) {

    public DeadLetterSummary {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    /** Whether only part of the queue was read, so the oldest age is a lower bound and the reasons a sample. */
    public boolean capped() {
        return peeked < messages;
    }

    /** Age of the oldest message read, or null when none were. */
    public Duration oldestAge(Instant now) {
        if (oldestSentAt == null) {
            return null;
        }
        Duration age = Duration.between(oldestSentAt, now);
        return age.isNegative() ? Duration.ZERO : age; // the queue's clock may run ahead of this one
    }
}
