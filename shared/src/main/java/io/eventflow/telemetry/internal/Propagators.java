package io.eventflow.telemetry.internal;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The propagators {@code OTEL_PROPAGATORS} names, composed in the order given (default {@code tracecontext,baggage}). */
public final class Propagators {

    private Propagators() {}

    public static TextMapPropagator of(EventflowConfig config) {
        String names = config.optional(EventflowConfig.OTEL_PROPAGATORS).orElse("tracecontext,baggage");
        List<TextMapPropagator> propagators = new ArrayList<>();
        for (String name : names.split(",")) {
            switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "tracecontext" -> propagators.add(W3CTraceContextPropagator.getInstance());
                case "baggage" -> propagators.add(W3CBaggagePropagator.getInstance());
                case "xray" -> propagators.add(XrayPropagator.INSTANCE);
                case "none" -> { return TextMapPropagator.noop(); }
                default -> throw new ConfigurationException(EventflowConfig.OTEL_PROPAGATORS + " names an unknown propagator '"
                        + name.strip() + "'; use tracecontext, baggage, xray or none");
            }
        }
        return TextMapPropagator.composite(propagators);
    }
}
