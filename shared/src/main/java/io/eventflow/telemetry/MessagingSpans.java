package io.eventflow.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.telemetry.internal.SqsMessageGetter;
import io.eventflow.telemetry.internal.TraceAttributes;
import io.eventflow.telemetry.internal.XrayPropagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.Objects;

/**
 * The spans eventflow makes around messages, per the OpenTelemetry messaging and FaaS semantic conventions, with any
 * {@link OpenTelemetry}: the API side of eventflow's tracing. The library's pieces take an {@code OpenTelemetry} and
 * build one of these; which SDK stands behind it (eventflow's own, {@link Telemetry}, or one of a user's) is the
 * function wiring's choice. With {@link OpenTelemetry#noop()} every span costs next to nothing and no context is read.
 * <ul>
 *   <li>{@link #startPublish}: a PRODUCER span per published event, whose context goes out in message attributes;</li>
 *   <li>{@link #startMessage}: a CONSUMER span per message, child of its producer's context, linked to the batch
 *       (the consumer side adds the record's attributes);</li>
 *   <li>{@link #startInvocation} and {@link #startBatch}: the SERVER span of an invocation and the CONSUMER span of its
 *       batch, linked to every message's producer ({@link Telemetry#handle} uses them).</li>
 * </ul>
 * Thread-safe.
 */
public final class MessagingSpans {

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean recording;

    /** Spans made with this OpenTelemetry's tracer and propagators. */
    public MessagingSpans(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer(TraceAttributes.INSTRUMENTATION_SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.recording = openTelemetry.getTracerProvider() != TracerProvider.noop();
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
     * Starts the CONSUMER span of one message. When the message carries its producer's context, the span is that
     * context's child and links back to the current span (the batch span inside {@link Telemetry#handle}): each
     * event's trace then holds its publish and every consumer's processing of it, which backends without links
     * (Zipkin, X-Ray's trace view) can show, while the batch stays one hop away. OpenTelemetry's messaging conventions
     * allow a parent where a span processes one message. Without a producer context the span is the current span's
     * child. The consumer side ({@code consume.internal.MessageSpan}) adds the record's own attributes.
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

    /** Starts the SERVER span of one invocation, a root ({@code faas.coldstart} as given). */
    public Span startInvocation(Context context, boolean coldStart) {
        SpanBuilder builder = tracer.spanBuilder(context == null || context.getFunctionName() == null ? "invoke" : context.getFunctionName())
                .setNoParent()
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(TraceAttributes.FAAS_TRIGGER, "pubsub")
                .setAttribute(TraceAttributes.FAAS_COLDSTART, coldStart);
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

    /** Starts the CONSUMER span of a batch, a child of the current context, linked to each message's producer. */
    public Span startBatch(SQSEvent batch) {
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

    /** A CONSUMER span processing messages of an SQS queue, as the messaging conventions name it. */
    private SpanBuilder processSpan(String queue) {
        return tracer.spanBuilder("process " + queue)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TraceAttributes.MESSAGING_SYSTEM, "aws_sqs")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_TYPE, "process")
                .setAttribute(TraceAttributes.MESSAGING_OPERATION_NAME, "process")
                .setAttribute(TraceAttributes.MESSAGING_DESTINATION_NAME, queue);
    }

    /**
     * The context a message was published in: from its message attributes through the configured propagators, else
     * from the X-Ray header SQS sets ({@code AWSTraceHeader}) when there is one. None when nothing records spans, so
     * an untraced function's log lines never carry a producer's ids.
     */
    private SpanContext producerContext(SQSEvent.SQSMessage message) {
        if (!recording) {
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
}
