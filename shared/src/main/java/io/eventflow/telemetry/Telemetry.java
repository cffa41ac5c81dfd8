package io.eventflow.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.eventflow.event.Event;
import io.eventflow.telemetry.internal.AwsSdkTracing;
import io.eventflow.telemetry.internal.InvocationSpanProcessor;
import io.eventflow.telemetry.internal.LambdaResource;
import io.eventflow.telemetry.internal.Propagators;
import io.eventflow.telemetry.internal.RestoreSafeIdGenerator;
import io.eventflow.telemetry.internal.Samplers;
import io.eventflow.telemetry.internal.SpanExporters;
import io.eventflow.telemetry.internal.SqsMessageGetter;
import io.eventflow.telemetry.internal.TraceAttributes;
import io.eventflow.telemetry.internal.XrayPropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * eventflow's tracing: the OpenTelemetry SDK built by hand, once per execution environment, from the standard
 * {@code OTEL_*} variables (no Java agent, no autoconfigure scanning), exporting OTLP/HTTP protobuf through the JDK's
 * HTTP client. Without an endpoint, or with {@code OTEL_SDK_DISABLED=true}, it is {@linkplain #noop() a no-op} whose
 * spans cost next to nothing.
 *
 * <p>What it traces, per the OpenTelemetry messaging and FaaS semantic conventions:
 * <ul>
 *   <li>{@link #handle}: a SERVER span per invocation ({@code faas.trigger=pubsub}, {@code faas.invocation_id},
 *       {@code faas.coldstart} on the first only) and, as its child, a CONSUMER {@code process <queue>} span for the
 *       batch, linked to every message's producer context; then a force-flush bounded by
 *       {@code EVENTFLOW_TELEMETRY_FLUSH_TIMEOUT_MS}, also when the handler throws, because Lambda freezes the process
 *       once the handler returns;</li>
 *   <li>{@link #startMessage}: a CONSUMER span per message, child of the batch span, linked to that message's
 *       producer context;</li>
 *   <li>{@link #startPublish}: a PRODUCER span per published event, whose context goes out in message attributes;</li>
 *   <li>{@link #awsSdkInterceptor()}: a CLIENT span per AWS SDK call.</li>
 * </ul>
 * Thread-safe. Lambda handlers get theirs from {@code FunctionEnvironment}; tests build one with {@link #builder()}.
 */
public final class Telemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
    private static final String INSTRUMENTATION_SCOPE = "io.eventflow";

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider tracerProvider;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Duration flushTimeout;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);
    private final AwsSdkTracing awsSdkTracing;

    private Telemetry(OpenTelemetry openTelemetry, SdkTracerProvider tracerProvider, Duration flushTimeout) {
        this.openTelemetry = openTelemetry;
        this.tracerProvider = tracerProvider;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.flushTimeout = flushTimeout;
        this.awsSdkTracing = new AwsSdkTracing(tracer);
    }

    /** Tracing that records nothing, exports nothing and propagates nothing. */
    public static Telemetry noop() {
        return new Telemetry(OpenTelemetry.noop(), null, Duration.ZERO);
    }

    /**
     * Tracing as the configuration describes it: OTLP/HTTP to {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (or
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code /v1/traces}) with {@code OTEL_EXPORTER_OTLP_HEADERS}, or SigV4-signed
     * to X-Ray with {@code EVENTFLOW_TRACES_EXPORTER=xray}; a no-op without an endpoint, with
     * {@code EVENTFLOW_TRACES_EXPORTER=none} or with {@code OTEL_SDK_DISABLED=true}. AWS clients, when a headers secret
     * is to be read or exports signed, are built from the configuration; use {@link #builder()} to give them.
     *
     * @throws ConfigurationException if a variable is malformed or the headers secret cannot be read
     */
    public static Telemetry fromConfig(EventflowConfig config) {
        return builder().config(config).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether spans are recorded and exported. */
    public boolean enabled() {
        return tracerProvider != null;
    }

    /** The OpenTelemetry instance, for spans of a function's own. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** An SDK interceptor giving every AWS call a CLIENT span; add it to the clients ({@code AwsClients.Builder.addInterceptor}). */
    public ExecutionInterceptor awsSdkInterceptor() {
        return awsSdkTracing;
    }

    /**
     * Runs one invocation of an SQS-triggered function in its SERVER span and its batch's CONSUMER span, then
     * force-flushes, whether the handler returns or throws.
     */
    public SQSBatchResponse handle(SQSEvent batch, Context context, BiFunction<SQSEvent, Context, SQSBatchResponse> handler) {
        Span invocation = invocationSpan(context);
        try (Scope _ = invocation.makeCurrent()) {
            Span batchSpan = batchSpan(batch);
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
     * Starts the CONSUMER span of one message. When the message carries its producer's context, the span is that
     * context's child and links back to the current span (the batch span inside {@link #handle}): each event's trace
     * then holds its publish and every consumer's processing of it, which backends without links (Zipkin, X-Ray's
     * trace view) can show, while the batch stays one hop away. OpenTelemetry's messaging conventions allow a parent
     * where a span processes one message. Without a producer context the span is the batch span's child. The
     * consumer side ({@code consume.internal.MessageSpan}) adds the record's own attributes.
     */
    public Span startMessage(SQSEvent.SQSMessage message) {
        SpanBuilder builder = processSpan(queueName(message));
        SpanContext producer = producerContext(message);
        if (producer.isValid()) {
            SpanContext batch = Span.current().getSpanContext();
            builder.setParent(io.opentelemetry.context.Context.current().with(Span.wrap(producer)));
            if (batch.isValid()) {
                builder.addLink(batch);
            }
        }
        return builder.startSpan();
    }

    /** Records an exception on the current span (a message's, while it is processed). */
    public void recordException(Throwable error) {
        Span.current().recordException(error);
    }

    /** Starts the PRODUCER span of one event published to a topic, a child of the current context. */
    public PublishSpan startPublish(String topicArn, Event event) {
        String topic = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        SpanBuilder builder = tracer.spanBuilder("publish " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(TraceAttributes.MESSAGING_SYSTEM, "aws_sns")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_TYPE, "send")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_NAME, "publish")
                .setAttribute(TraceAttributes.MESSAGING_DESTINATION_NAME, topic)
                .setAttribute(TraceAttributes.AWS_SNS_TOPIC_ARN, topicArn)
                .setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_ID, event.id())
                .setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_TYPE, event.type());
        if (event.subject() != null) {
            builder.setAttribute(TraceAttributes.CLOUDEVENTS_EVENT_SUBJECT, event.subject());
        }
        return new PublishSpan(builder.startSpan(), propagator);
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

    private Span invocationSpan(Context context) {
        SpanBuilder builder = tracer.spanBuilder(context == null || context.getFunctionName() == null ? "invoke" : context.getFunctionName())
                .setNoParent()
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(TraceAttributes.FAAS_TRIGGER, "pubsub")
                .setAttribute(TraceAttributes.FAAS_COLDSTART, coldStart.getAndSet(false));
        if (context != null) {
            if (context.getAwsRequestId() != null) {
                builder.setAttribute(TraceAttributes.FAAS_INVOCATION_ID, context.getAwsRequestId());
            }
            String arn = context.getInvokedFunctionArn();
            if (arn != null) {
                builder.setAttribute(TraceAttributes.CLOUD_RESOURCE_ID, arn);
                String[] parts = arn.split(":");
                if (parts.length > 4 && !parts[4].isEmpty()) {
                    builder.setAttribute(TraceAttributes.CLOUD_ACCOUNT_ID, parts[4]);
                }
            }
        }
        return builder.startSpan();
    }

    /** A CONSUMER span processing messages of an SQS queue, as the messaging conventions name it. */
    private SpanBuilder processSpan(String queue) {
        return tracer.spanBuilder("process " + queue)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TraceAttributes.MESSAGING_SYSTEM, "aws_sqs")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_TYPE, "process")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_NAME, "process")
                .setAttribute(TraceAttributes.MESSAGING_DESTINATION_NAME, queue);
    }

    private Span batchSpan(SQSEvent batch) {
        List<SQSEvent.SQSMessage> messages = batch.getRecords() == null ? List.of() : batch.getRecords();
        String queue = messages.isEmpty() ? "unknown" : queueName(messages.getFirst());
        SpanBuilder builder = processSpan(queue)
                .setAttribute(TraceAttributes.MESSAGING_BATCH_MESSAGE_COUNT, (long) messages.size());
        for (SQSEvent.SQSMessage message : messages) {
            SpanContext producer = producerContext(message);
            if (producer.isValid()) {
                builder.addLink(producer);
            }
        }
        return builder.startSpan();
    }

    /**
     * The context a message was published in: from its message attributes through the configured propagators, else
     * from the X-Ray header SQS sets ({@code AWSTraceHeader}) when there is one.
     */
    private SpanContext producerContext(SQSEvent.SQSMessage message) {
        if (!enabled()) {
            return SpanContext.getInvalid();
        }
        io.opentelemetry.context.Context root = io.opentelemetry.context.Context.root();
        SpanContext context = Span.fromContext(propagator.extract(root, message, SqsMessageGetter.INSTANCE)).getSpanContext();
        if (!context.isValid()) {
            context = Span.fromContext(XrayPropagator.INSTANCE.extract(root, message, SqsMessageGetter.INSTANCE)).getSpanContext();
        }
        return context;
    }

    /** The queue's name: the last part of the record's {@code eventSourceARN}. */
    private static String queueName(SQSEvent.SQSMessage message) {
        String arn = message.getEventSourceArn();
        return arn == null ? "unknown" : arn.substring(arn.lastIndexOf(':') + 1);
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
        private EventflowConfig config = EventflowConfig.from(Map.of());
        private AwsClients clients;
        private SpanExporter exporter;

        private Builder() {}

        /** Where the {@code OTEL_*} and {@code EVENTFLOW_*} settings come from. */
        public Builder config(EventflowConfig config) {
            this.config = Objects.requireNonNull(config);
            return this;
        }

        /**
         * The clients to read the OTLP headers secret with, and whose credentials sign X-Ray exports; built from the
         * configuration when needed and not given.
         */
        public Builder awsClients(AwsClients clients) {
            this.clients = clients;
            return this;
        }

        /**
         * Exports through this exporter instead of the one the configuration describes (tests); tracing is then on
         * unless {@code OTEL_SDK_DISABLED=true}.
         */
        public Builder spanExporter(SpanExporter exporter) {
            this.exporter = exporter;
            return this;
        }

        public Telemetry build() {
            boolean disabled = config.optional(EventflowConfig.OTEL_SDK_DISABLED)
                    .map(value -> value.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
            if (disabled) {
                return noop();
            }
            Optional<SpanExporter> spanExporter = exporter != null ? Optional.of(exporter)
                    : SpanExporters.fromConfig(config, () -> clients != null ? clients : AwsClients.fromConfig(config));
            if (spanExporter.isEmpty()) {
                return noop();
            }
            SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                    .setResource(LambdaResource.of(config))
                    .setSampler(Samplers.of(config))
                    .setIdGenerator(new RestoreSafeIdGenerator())
                    .addSpanProcessor(new InvocationSpanProcessor(spanExporter.get()))
                    .build();
            return new Telemetry(new TracingOnly(tracerProvider, ContextPropagators.create(Propagators.of(config))),
                    tracerProvider, config.telemetryFlushTimeout());
        }
    }
}
