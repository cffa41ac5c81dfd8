package io.eventflow.telemetry;

import io.eventflow.consume.RecordResult;
import io.eventflow.telemetry.internal.TraceAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.Locale;

/**
 * The CONSUMER span of one SQS message's processing: a child of its batch's span, linked to the context the message
 * was published in. Started by {@link Telemetry#startMessage}, ended once with the record's outcome.
 */
public final class MessageSpan {

    private final Span span;

    MessageSpan(Span span) {
        this.span = span;
    }

    /** Makes this span current on this thread (the AWS calls made meanwhile become its children); close the scope after. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    /** Records an exception the processing of this message raised; the outcome still says what became of it. */
    public void recordException(Throwable error) {
        span.recordException(error);
    }

    /** Ends the span with what became of the record: its outcome, event id and type, and why it failed. */
    public void end(RecordResult result) {
        if (span.isRecording()) {
            span.setAttribute(TraceAttributes.EVENTFLOW_OUTCOME, result.outcome().name().toLowerCase(Locale.ROOT));
            if (result.eventId() != null) {
                span.setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_ID, result.eventId());
            }
            if (result.eventType() != null) {
                span.setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_TYPE, result.eventType());
            }
            if (result.error() != null) {
                span.setAttribute(TraceAttributes.EVENTFLOW_ERROR, result.error());
                span.setStatus(StatusCode.ERROR, result.error());
            }
        }
        span.end();
    }
}
