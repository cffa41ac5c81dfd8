package io.eventflow.telemetry.internal;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Locale;

/** The sampler {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} name (default {@code parentbased_always_on}). */
public final class Samplers {

    private Samplers() {}

    public static Sampler of(EventflowConfig config) {
        String name = config.optional(EventflowConfig.OTEL_TRACES_SAMPLER).orElse("parentbased_always_on").toLowerCase(Locale.ROOT);
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio(config));
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio(config)));
            default -> throw new ConfigurationException(EventflowConfig.OTEL_TRACES_SAMPLER + " names an unknown sampler '" + name
                    + "'; use always_on, always_off, traceidratio or their parentbased_ forms");
        };
    }

    private static double ratio(EventflowConfig config) {
        String value = config.optional(EventflowConfig.OTEL_TRACES_SAMPLER_ARG).orElse("1.0");
        try {
            double ratio = Double.parseDouble(value);
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(EventflowConfig.OTEL_TRACES_SAMPLER_ARG + " must be a ratio from 0 to 1, got '" + value + "'");
    }
}
