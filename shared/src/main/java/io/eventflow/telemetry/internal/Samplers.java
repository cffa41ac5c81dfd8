package io.eventflow.telemetry.internal;

import io.eventflow.telemetry.TracingSettings;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/** The sampler the settings name ({@code OTEL_TRACES_SAMPLER}, {@code OTEL_TRACES_SAMPLER_ARG}). */
public final class Samplers {

    private Samplers() {}

    public static Sampler of(TracingSettings settings) {
        return switch (settings.sampler()) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(settings.samplerRatio());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(settings.samplerRatio()));
            default -> Sampler.parentBased(Sampler.alwaysOn());   // parentbased_always_on; the settings allow no other
        };
    }
}
