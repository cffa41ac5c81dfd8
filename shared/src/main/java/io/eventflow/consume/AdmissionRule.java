package io.eventflow.consume;

import io.eventflow.event.Event;
import java.util.Optional;

/**
 * A check a consumer declares on the events it admits ({@link SqsBatchProcessor.Builder#admissionRule}), for what its
 * own service would refuse and the core cannot know: the notifier's recipient address and subject line, say. It runs
 * in admission, before the claim, on the event as the consumer reads it (after upcasting), once the schema, the
 * platform's limits and the time window have passed. A refusal dead-letters the record on its first receive as
 * {@link DeadLetterReason#FIELD_REFUSED}, with the field and the problem in {@value DeadLetterReason#ERROR_ATTRIBUTE}:
 * a retry would be refused the same way.
 *
 * <p>Rules must be pure (no I/O: they run for every record, before anything is claimed), deterministic and
 * thread-safe. One that throws refuses the record as well, with the exception as its error.
 */
@FunctionalInterface
public interface AdmissionRule {

    /** What makes the event one this consumer can never process, or empty when it can. */
    Optional<FieldRefusal> check(Event event);
}
