package io.eventflow.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.telemetry.internal.InvocationSpanProcessor;
import io.eventflow.telemetry.internal.LambdaResource;
import io.eventflow.telemetry.internal.Propagators;
import io.eventflow.telemetry.internal.RestoreSafeIdGenerator;
import io.eventflow.telemetry.internal.Samplers;
import io.eventflow.telemetry.internal.SpanExporters;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * The SDK side of eventflow's tracing, which only function wiring builds ({@code FunctionEnvironment}, the local
 * runner): the OpenTelemetry SDK built by hand, once per execution environment, from {@link TracingSettings} (no Java
 * agent, no autoconfigure scanning), exporting OTLP/HTTP protobuf. Without an endpoint, or with
 * {@code OTEL_SDK_DISABLED=true}, it is {@linkplain #noop() a no-op} whose spans cost next to nothing.
 *
 * <p>The library takes {@link #openTelemetry()} (the publisher, the batch processor, {@link AwsSdkTracing}); this class
 * adds what needs the SDK: {@link #handle}, an invocation in its SERVER span and its batch's CONSUMER span
 * ({@link MessagingSpans}), then a force-flush under one deadline, {@link TracingSettings#flushTimeout()}, also when the
 * handler throws, because Lambda freezes the process once the handler returns. Thread-safe.
 */
public final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider tracerProvider;
    private final MessagingSpans spans;
    private final Duration flushTimeout;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    private Telemetry(OpenTelemetry openTelemetry, SdkTracerProvider tracerProvider, Duration flushTimeout) {
        this.openTelemetry = openTelemetry;
        this.tracerProvider = tracerProvider;
        this.spans = new MessagingSpans(openTelemetry);
        this.flushTimeout = flushTimeout;
    }

    /** Tracing that records nothing, exports nothing and propagates nothing. */
    public static Telemetry noop() {
        return new Telemetry(OpenTelemetry.noop(), null, Duration.ZERO);
    }

    /**
     * The one factory of eventflow's SDK: tracing as the settings describe it. OTLP/HTTP to the traces endpoint with
     * the headers (and those of the headers secret), or SigV4-signed to X-Ray; a no-op without an endpoint, with the
     * exporter {@code none} or when disabled.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether spans are recorded and exported. */
    public boolean enabled() {
        return tracerProvider != null;
    }

    /** The OpenTelemetry the library's pieces take, and a function's own spans use. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /**
     * Runs one invocation of an SQS-triggered function in its SERVER span and its batch's CONSUMER span, then
     * force-flushes, whether the handler returns or throws.
     */
    public SQSBatchResponse handle(SQSEvent batch, Context context, BiFunction<SQSEvent, Context, SQSBatchResponse> handler) {
        Span invocation = spans.startInvocation(context, coldStart.getAndSet(false));
        try (Scope _ = invocation.makeCurrent()) {
            Span batchSpan = spans.startBatch(batch);
            try (Scope _ = batchSpan.makeCurrent()) {
                return handler.apply(batch, context);
            } catch (RuntimeException | Error error) {
                failed(batchSpan, error);
                throw error;
            } finally {
                batchSpan.end();
            }
        } catch (RuntimeException | Error error) {
            failed(invocation, error);
            throw error;
        } finally {
            invocation.end();
            flush();
        }
    }

    /**
     * Exports the spans ended so far, waiting at most the flush timeout. {@link #handle} calls it; a function
     * that traces outside {@code handle} calls it before returning.
     *
     * @return whether the export finished in time (always true when tracing is off)
     */
    public boolean flush() {
        if (tracerProvider == null) {
            return true;
        }
        CompletableResultCode result = tracerProvider.forceFlush().join(flushTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
            LOG.warn("spans not exported within {} ms ({}); they may be lost when Lambda freezes the environment",
                    flushTimeout.toMillis(), result.isDone() ? "the export failed" : "timed out");
        }
        return result.isSuccess();
    }

    /** Exports what is left and stops the SDK (tests and the local runner; Lambda never closes it). */
    @Override
    public void close() {
        if (tracerProvider != null) {
            tracerProvider.shutdown().join(flushTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        }
    }

    private static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.toString());
    }

    /**
     * An OpenTelemetry of traces and propagation only. OpenTelemetrySdk would also build meter and logger providers
     * at init, and put the metrics and logs SDKs on every function's classpath, for signals eventflow does not send.
     */
    private record TracingOnly(TracerProvider tracerProvider, ContextPropagators propagators) implements OpenTelemetry {
        @Override
        public TracerProvider getTracerProvider() {
            return tracerProvider;
        }

        @Override
        public ContextPropagators getPropagators() {
            return propagators;
        }
    }

    /** Builder for {@link Telemetry}. */
    public static final class Builder {
        private TracingSettings settings = TracingSettings.builder().build();
        private AwsClients clients;
        private SpanExporter exporter;

        private Builder() {}

        /** What to build; the defaults (no endpoint: a no-op) when not given. */
        public Builder settings(TracingSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * The clients to read the OTLP headers secret with, and whose credentials sign X-Ray exports; when needed and
         * not given, the default credentials in {@code AWS_REGION}, with no endpoint override.
         */
        public Builder awsClients(AwsClients clients) {
            this.clients = clients;
            return this;
        }

        /**
         * Exports through this exporter instead of the one the settings describe (tests); tracing is then on unless
         * disabled.
         */
        public Builder spanExporter(SpanExporter exporter) {
            this.exporter = exporter;
            return this;
        }

        /** @throws ConfigurationException if the headers secret cannot be read or X-Ray has no region */
        public Telemetry build() {
            if (!settings.enabled()) {
                return noop();
            }
            Optional<SpanExporter> spanExporter = exporter != null ? Optional.of(exporter)
                    : SpanExporters.of(settings, () -> clients != null ? clients
                            : AwsClients.builder().region(Region.of(settings.region().orElse("us-east-1"))).build());
            if (spanExporter.isEmpty()) {
                return noop();
            }
            SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                    .setResource(LambdaResource.of(settings))
                    .setSampler(Samplers.of(settings))
                    .setIdGenerator(new RestoreSafeIdGenerator())
                    .addSpanProcessor(new InvocationSpanProcessor(spanExporter.get()))
                    .build();
            return new Telemetry(new TracingOnly(tracerProvider, ContextPropagators.create(Propagators.of(settings))),
                    tracerProvider, settings.flushTimeout());
        }
    }
}
