package io.eventflow.consume.internal;

import io.eventflow.consume.RecordResult;
import io.eventflow.event.Event;
import io.eventflow.telemetry.MessagingSpans;
import io.eventflow.telemetry.internal.TraceAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The CONSUMER span of one SQS message's processing: a child of its batch's span, linked to the context the message
 * was published in. Started by {@link #start}, ended once with the record's outcome. While it is
 * current, the logging MDC names the record ({@code consumer}, {@code message_id}, and {@code event_id} and
 * {@code event_type} once known), so every log line says which event it is about, traced or not.
 */
public final class MessageSpan {

    private final Span span;
    private final Map<String, String> logContext = new LinkedHashMap<>();

    private MessageSpan(Span span, String consumer, String messageId) {
        this.span = span;
        logContext.put("consumer", consumer);
        if (messageId != null) {
            logContext.put("message_id", messageId);
        }
    }

    /** Starts the span of one record (see {@link MessagingSpans#startMessage}) with the consumer's and the record's attributes. */
    public static MessageSpan start(MessagingSpans spans, String consumer, SqsRecord record) {
        Span span = spans.startMessage(record.message())
                .setAttribute(TraceAttributes.EVENTFLOW_CONSUMER, consumer)
                .setAttribute(TraceAttributes.EVENTFLOW_RECEIVE_COUNT, (long) record.receiveCount());
        if (record.messageId() != null) {
            span.setAttribute(TraceAttributes.MESSAGING_MESSAGE_ID, record.messageId());
        }
        return new MessageSpan(span, consumer, record.messageId());
    }

    /**
     * Makes this span current on this thread (the AWS calls made meanwhile become its children) and puts the record
     * in the logging MDC; closing the scope restores both.
     */
    public Scope makeCurrent() {
        Scope scope = span.makeCurrent();
        Map<String, String> previous = MDC.getCopyOfContextMap();
        logContext.forEach(MDC::put);
        return () -> {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
            scope.close();
        };
    }

    /** The event the message holds, once parsed: on the span and, from now on, in the logging MDC. */
    public void event(Event event) {
        span.setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_ID, event.id());
        span.setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_TYPE, event.type());
        logContext.put("event_id", event.id());
        logContext.put("event_type", event.type());
        MDC.put("event_id", event.id());
        MDC.put("event_type", event.type());
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
