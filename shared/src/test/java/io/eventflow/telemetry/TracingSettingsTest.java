package io.eventflow.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracing settings: their documented defaults, how the variables map onto them, and the errors. */
class TracingSettingsTest {

    @Test
    void noVariablesMeanTheDocumentedDefaults() {
        TracingSettings settings = TracingSettings.fromVariables(Map.of());

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.exporter()).isEqualTo(TracingSettings.Exporter.OTLP);
        assertThat(settings.tracesEndpoint()).isEmpty();
        assertThat(settings.headers()).isEmpty();
        assertThat(settings.headersSecretArn()).isEmpty();
        assertThat(settings.serviceName()).isEqualTo("eventflow");
        assertThat(settings.sampler()).isEqualTo("parentbased_always_on");
        assertThat(settings.samplerRatio()).isEqualTo(1.0);
        assertThat(settings.propagators()).containsExactly("tracecontext", "baggage");
        assertThat(settings.flushTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.region()).isEmpty();
    }

    @Test
    void theVariablesSetEachSetting() {
        TracingSettings settings = TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "https://api.honeycomb.io/",
                TracingSettings.OTEL_EXPORTER_OTLP_HEADERS, "x-honeycomb-team=k%2C1",
                TracingSettings.OTEL_RESOURCE_ATTRIBUTES, "service.name=from-resource,team=payments",
                TracingSettings.OTEL_TRACES_SAMPLER, "ParentBased_TraceIdRatio",
                TracingSettings.OTEL_TRACES_SAMPLER_ARG, "0.25",
                TracingSettings.OTEL_PROPAGATORS, "tracecontext, xray",
                TracingSettings.TRACES_EXPORTER, "XRAY",
                TracingSettings.FLUSH_TIMEOUT_MILLIS, "750",
                "AWS_REGION", "eu-west-1",
                "AWS_LAMBDA_FUNCTION_NAME", "eventflow-notifier"));

        assertThat(settings.tracesEndpoint()).contains(URI.create("https://api.honeycomb.io/v1/traces"));
        assertThat(settings.headers()).containsExactly(Map.entry("x-honeycomb-team", "k,1"));
        assertThat(settings.serviceName()).as("the resource's service.name before the function's name").isEqualTo("from-resource");
        assertThat(settings.resourceAttributes()).containsEntry("team", "payments");
        assertThat(settings.sampler()).isEqualTo("parentbased_traceidratio");
        assertThat(settings.samplerRatio()).isEqualTo(0.25);
        assertThat(settings.propagators()).isEqualTo(List.of("tracecontext", "xray"));
        assertThat(settings.exporter()).isEqualTo(TracingSettings.Exporter.XRAY);
        assertThat(settings.flushTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.region()).contains("eu-west-1");
        assertThat(TracingSettings.fromVariables(Map.of(TracingSettings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, "http://collector:4318/custom",
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "http://ignored:4318", TracingSettings.OTEL_SERVICE_NAME, "svc",
                "AWS_LAMBDA_FUNCTION_NAME", "fn")))
                .satisfies(traces -> {
                    assertThat(traces.tracesEndpoint()).contains(URI.create("http://collector:4318/custom"));
                    assertThat(traces.serviceName()).isEqualTo("svc");
                });
        assertThat(TracingSettings.fromVariables(Map.of("AWS_LAMBDA_FUNCTION_NAME", "fn", "EVENTFLOW_CONSUMER", "c")).serviceName()).isEqualTo("fn");
        assertThat(TracingSettings.fromVariables(Map.of(TracingSettings.OTEL_SDK_DISABLED, "true")).enabled()).isFalse();
    }

    @Test
    void aMalformedValueFailsNamingItsVariable() {
        assertThatThrownBy(() -> TracingSettings.fromVariables(Map.of(TracingSettings.TRACES_EXPORTER, "jaeger")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(TracingSettings.TRACES_EXPORTER);
        assertThatThrownBy(() -> TracingSettings.fromVariables(Map.of(TracingSettings.FLUSH_TIMEOUT_MILLIS, "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(TracingSettings.FLUSH_TIMEOUT_MILLIS);
        assertThatThrownBy(() -> TracingSettings.fromVariables(Map.of(TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "collector:4318")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http(s) URL");
    }
}
