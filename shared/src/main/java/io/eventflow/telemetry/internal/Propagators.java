package io.eventflow.telemetry.internal;

import io.eventflow.telemetry.TracingSettings;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;

/** The propagators the settings name ({@code OTEL_PROPAGATORS}), composed in their order. */
public final class Propagators {

    private Propagators() {}

    public static TextMapPropagator of(TracingSettings settings) {
        List<TextMapPropagator> propagators = new ArrayList<>();
        for (String name : settings.propagators()) {
            switch (name) {
                case "tracecontext" -> propagators.add(W3CTraceContextPropagator.getInstance());
                case "baggage" -> propagators.add(W3CBaggagePropagator.getInstance());
                case "xray" -> propagators.add(XrayPropagator.INSTANCE);
                default -> { return TextMapPropagator.noop(); }   // none; the settings allow no other
            }
        }
        return TextMapPropagator.composite(propagators);
    }
}
