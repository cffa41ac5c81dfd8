package io.eventflow.local.traces;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: one trace shaped like eventflow's, made with the real OpenTelemetry SDK and exported through a given
 * exporter in one request. The publisher's PRODUCER span {@code publish eventflow-events}; for each consumer (notifier, analytics,
 * archiver) a SERVER invocation span under it, a CONSUMER batch span {@code process eventflow-<consumer>} and a
 * CONSUMER per-message span, both linked to the publish span. The notifier's message failed once (status ERROR, an
 * exception event).
 */
final class EventflowShapedTrace {

    static final String PUBLISHER = "eventflow-publisher";
    static final List<String> CONSUMERS = List.of("notifier", "analytics", "archiver");
    static final int SPANS = 1 + 3 * CONSUMERS.size();

    /**
     * What was exported.
     *
     * @param traceId the trace
     * @param publish the publish span's context
     * @param eventId the event id its spans carry
     */
    record Exported(String traceId, SpanContext publish, String eventId) {}

    private EventflowShapedTrace() {}

    /** Makes the trace's spans and exports them in one request, as a function exports an invocation's at its end. */
    static Exported export(SpanExporter exporter, String eventId) {
        InMemorySpanExporter finished = InMemorySpanExporter.create();
        Exported exported = record(finished, eventId);
        if (!exporter.export(finished.getFinishedSpanItems()).join(10, TimeUnit.SECONDS).isSuccess()) {
            throw new IllegalStateException("the export of the trace failed");
        }
        return exported;
    }

    private static Exported record(InMemorySpanExporter exporter, String eventId) {
        List<SdkTracerProvider> providers = new ArrayList<>();
        try {
            Instant t0 = Instant.now().minusSeconds(5);
            Span publish = tracer(providers, exporter, PUBLISHER).spanBuilder("publish eventflow-events")
                    .setSpanKind(SpanKind.PRODUCER)
                    .setStartTimestamp(t0)
                    .setAttribute("messaging.system", "aws_sns")
                    .setAttribute("messaging.operation.type", "send")
                    .setAttribute("messaging.destination.name", "eventflow-events")
                    .setAttribute("cloudevents.event_id", eventId)
                    .setAttribute("cloudevents.event_type", "order.shipped")
                    .startSpan();
            publish.end(t0.plusMillis(18));
            SpanContext published = publish.getSpanContext();
            Context afterPublish = Context.root().with(publish);
            for (int i = 0; i < CONSUMERS.size(); i++) {
                String consumer = CONSUMERS.get(i);
                String function = "eventflow-" + consumer;
                Tracer tracer = tracer(providers, exporter, function);
                Instant invoked = t0.plusMillis(40 + 15L * i);
                Span invocation = tracer.spanBuilder(function).setParent(afterPublish).setSpanKind(SpanKind.SERVER)
                        .setStartTimestamp(invoked)
                        .setAttribute("faas.trigger", "pubsub")
                        .setAttribute("faas.coldstart", i == 0)
                        .setAttribute("faas.invocation_id", "req-" + consumer)
                        .startSpan();
                Span batch = tracer.spanBuilder("process " + function).setParent(Context.root().with(invocation))
                        .setSpanKind(SpanKind.CONSUMER)
                        .setStartTimestamp(invoked.plusMillis(2))
                        .setAttribute("messaging.system", "aws_sqs")
                        .setAttribute(AttributeKey.longKey("messaging.batch.message_count"), 1L)
                        .addLink(published)
                        .startSpan();
                Span message = tracer.spanBuilder("process " + function).setParent(Context.root().with(batch))
                        .setSpanKind(SpanKind.CONSUMER)
                        .setStartTimestamp(invoked.plusMillis(4))
                        .setAttribute("cloudevents.event_id", eventId)
                        .setAttribute("eventflow.consumer", consumer)
                        .setAttribute(AttributeKey.longKey("eventflow.receive_count"), 1L)
                        .addLink(published, Attributes.of(AttributeKey.stringKey("messaging.operation.type"), "send"))
                        .startSpan();
                if (consumer.equals("notifier")) {
                    message.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.type"), "SesV2Exception",
                            AttributeKey.stringKey("exception.message"), "Email address is not verified"), invoked.plusMillis(30));
                    message.setStatus(StatusCode.ERROR, "Email address is not verified");
                    message.setAttribute("eventflow.outcome", "retried");
                } else {
                    message.setAttribute("eventflow.outcome", "processed");
                }
                message.end(invoked.plusMillis(60 + 10L * i));
                batch.end(invoked.plusMillis(65 + 10L * i));
                invocation.end(invoked.plusMillis(70 + 10L * i));
            }
            providers.forEach(provider -> provider.forceFlush().join(10, TimeUnit.SECONDS));
            return new Exported(published.getTraceId(), published, eventId);
        } finally {
            providers.forEach(SdkTracerProvider::close);
        }
    }

    /** The recording exporter, which the fixture's providers must not shut down (and so clear) when they close. */
    private record LeftOpen(SpanExporter exporter) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return exporter.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return exporter.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static Tracer tracer(List<SdkTracerProvider> providers, InMemorySpanExporter exporter, String service) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .addSpanProcessor(SimpleSpanProcessor.create(new LeftOpen(exporter)))
                .build();
        providers.add(provider);
        return provider.get("io.eventflow.test");
    }
}
