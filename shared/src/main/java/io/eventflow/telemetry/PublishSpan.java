package io.eventflow.telemetry;

import io.eventflow.telemetry.internal.TraceAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PRODUCER span of one event's publication. Its context is what travels with the message ({@link #headers()}),
 * so every consumer's processing of the event links back to it. Started by {@link MessagingSpans#startPublish}, ended
 * once with the message id or the failure.
 */
public final class PublishSpan {

    private final Span span;
    private final TextMapPropagator propagator;

    PublishSpan(Span span, TextMapPropagator propagator) {
        this.span = span;
        this.propagator = propagator;
    }

    /** Makes this span current on this thread (the SNS call becomes its child); close the scope after. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    /**
     * The propagation headers of this span's context ({@code traceparent}, {@code tracestate} when there is one,
     * whatever else {@code OTEL_PROPAGATORS} adds), in the propagators' order: the publisher carries them as message
     * attributes. Empty when tracing is off.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(Context.current().with(span), headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }

    /** Ends the span of an event SNS accepted, with the message id it was given. */
    public void published(String messageId) {
        span.setAttribute(TraceAttributes.MESSAGING_MESSAGE_ID, messageId);
        span.end();
    }

    /** Ends the span of an event that was not published. */
    public void failed(String error) {
        span.setStatus(StatusCode.ERROR, error);
        span.end();
    }

    /** Ends the span of an event whose publication threw. */
    public void failed(Throwable error) {
        span.recordException(error);
        failed(error.toString());
    }
}
