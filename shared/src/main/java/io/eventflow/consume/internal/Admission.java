package io.eventflow.consume.internal;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.event.Event;

/**
 * What admission made of one record: {@link Admitted}, ready for the commit strategy, or {@link Refused}, bound for
 * the dead-letter queue with its reason.
 *
 * @param <T> what an admitted record carries to the commit strategy
 */
public sealed interface Admission<T> {

    SqsRecord record();

    /**
     * @param work what the commit strategy needs of the record
     * @param event the record's event, for its span and result; null in raw-message mode
     */
    record Admitted<T>(SqsRecord record, T work, Event event) implements Admission<T> {}

    /**
     * @param event the record's event when its body could be decoded, else null
     * @param reason why it can never be processed
     * @param error the details
     */
    record Refused<T>(SqsRecord record, Event event, DeadLetterReason reason, String error) implements Admission<T> {}
}
