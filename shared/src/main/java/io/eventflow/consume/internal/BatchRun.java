package io.eventflow.consume.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.eventflow.event.Event;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the loop hands a commit strategy for one batch: the batch's failure decisions, the invocation's lease, each
 * record's span, and where the events derived from committed records are collected.
 */
public final class BatchRun {

    /** Lease used when Lambda's context gives no remaining time (a runner without a deadline). */
    private static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private final Failures failures;
    private final Context context;
    private final MessageSpan[] spans;
    private final List<List<Event>> emitted;

    BatchRun(Failures failures, Context context, int size) {
        this.failures = failures;
        this.context = context;
        this.spans = new MessageSpan[size];
        this.emitted = new ArrayList<>(Collections.nCopies(size, List.of()));
    }

    public Failures failures() {
        return failures;
    }

    /** The invocation's context (null outside Lambda). */
    public Context context() {
        return context;
    }

    /** How long a claim is held: what is left of the invocation. */
    public Duration lease() {
        int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return remaining > 0 ? Duration.ofMillis(remaining) : DEFAULT_LEASE;
    }

    /** Makes the record's span current (its AWS calls become its children, the logging MDC names it). */
    public Scope enter(SqsRecord record) {
        return spans[record.index()].makeCurrent();
    }

    /** Records an exception on the record's span. */
    public void recordException(SqsRecord record, Throwable error) {
        spans[record.index()].recordException(error);
    }

    /** The events a record derived, from the computation whose writes committed. */
    public void emitted(SqsRecord record, List<Event> events) {
        emitted.set(record.index(), List.copyOf(events));
    }

    void span(SqsRecord record, MessageSpan span) {
        spans[record.index()] = span;
    }

    MessageSpan span(int index) {
        return spans[index];
    }

    List<Event> emittedBy(int index) {
        return emitted.get(index);
    }
}
