package io.eventflow.local.traces;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flattens an OTLP export request into {@link ReceivedSpan}s, each carrying its resource and scope. */
final class OtlpSpans {

    /** What OTLP exporters say when no service name was configured; also used when the resource has none. */
    private static final String UNKNOWN_SERVICE = "unknown_service";
    private static final String SERVICE_NAME = "service.name";
    private static final HexFormat HEX = HexFormat.of();

    private OtlpSpans() {}

    static List<ReceivedSpan> of(ExportTraceServiceRequest request) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = new LinkedHashMap<>(attributes(resourceSpans.getResource().getAttributesList()));
            Object service = resource.remove(SERVICE_NAME);
            Map<String, Object> otherResourceAttributes = Collections.unmodifiableMap(resource);
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                InstrumentationScope scope = scopeSpans.getScope();
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(span(span, service == null ? UNKNOWN_SERVICE : service.toString(), otherResourceAttributes,
                            new ReceivedSpan.Scope(scope.getName(), scope.getVersion())));
                }
            }
        }
        return spans;
    }

    private static ReceivedSpan span(Span span, String service, Map<String, Object> resource, ReceivedSpan.Scope scope) {
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            throw new IllegalArgumentException("span '" + span.getName() + "' has no valid trace id (16 bytes) and span id (8 bytes)");
        }
        List<ReceivedSpan.Event> events = span.getEventsList().stream()
                .map(event -> new ReceivedSpan.Event(event.getTimeUnixNano(), event.getName(),
                        attributes(event.getAttributesList()), event.getDroppedAttributesCount()))
                .toList();
        List<ReceivedSpan.Link> links = span.getLinksList().stream()
                .map(link -> new ReceivedSpan.Link(hex(link.getTraceId()), hex(link.getSpanId()), link.getTraceState(),
                        attributes(link.getAttributesList()), link.getDroppedAttributesCount()))
                .toList();
        return new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()),
                span.getParentSpanId().isEmpty() ? null : hex(span.getParentSpanId()),
                span.getName(), kind(span.getKind()), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                service, resource, scope, attributes(span.getAttributesList()), span.getTraceState(),
                new ReceivedSpan.Status(statusCode(span.getStatus().getCode()), span.getStatus().getMessage()),
                events, links);
    }

    private static ReceivedSpan.Kind kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_INTERNAL -> ReceivedSpan.Kind.INTERNAL;
            case SPAN_KIND_SERVER -> ReceivedSpan.Kind.SERVER;
            case SPAN_KIND_CLIENT -> ReceivedSpan.Kind.CLIENT;
            case SPAN_KIND_PRODUCER -> ReceivedSpan.Kind.PRODUCER;
            case SPAN_KIND_CONSUMER -> ReceivedSpan.Kind.CONSUMER;
            case SPAN_KIND_UNSPECIFIED, UNRECOGNIZED -> ReceivedSpan.Kind.UNSPECIFIED;
        };
    }

    private static ReceivedSpan.StatusCode statusCode(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> ReceivedSpan.StatusCode.OK;
            case STATUS_CODE_ERROR -> ReceivedSpan.StatusCode.ERROR;
            case STATUS_CODE_UNSET, UNRECOGNIZED -> ReceivedSpan.StatusCode.UNSET;
        };
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        keyValues.forEach(keyValue -> attributes.put(keyValue.getKey(), value(keyValue.getValue())));
        return Collections.unmodifiableMap(attributes);
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpSpans::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            // An empty value is legal OTLP; an empty string keeps the key visible without inventing a type. String
            // table indexes belong to the profiles signal, never to traces.
            case VALUE_NOT_SET, STRING_VALUE_STRINDEX -> "";
        };
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
