package io.eventflow.local.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP spans as Zipkin v2 JSON ({@code POST /api/v2/spans}), mapped as the OpenTelemetry specification's Zipkin
 * exporter and the OpenTelemetry Collector's Zipkin translator do:
 * <ul>
 * <li>ids as hex; kind SERVER, CLIENT, PRODUCER, CONSUMER as such, INTERNAL omitted with the tag
 *     {@code span.kind=internal}; times in microseconds; {@code localEndpoint.serviceName} from {@code service.name};
 * <li>tags: the resource's other attributes, {@code otel.scope.name} and {@code otel.scope.version}, then the span's
 *     attributes (strings as they are, other scalars in decimal or {@code true}/{@code false}, arrays and maps as
 *     JSON), {@code w3c.tracestate};
 * <li>status: {@code otel.status_code} ({@code OK} or {@code ERROR}, nothing when unset) and
 *     {@code otel.status_description}; {@code error=true} only when the status is ERROR (an {@code error} attribute
 *     otherwise is dropped: Zipkin marks any span with that tag as failed);
 * <li>events as annotations, {@code name} alone or {@code name|{attributes as JSON}|dropped attribute count};
 * <li>links, which Zipkin lacks, as tags {@code otlp.link.<i>} =
 *     {@code traceId|spanId|traceState|{attributes as JSON}|dropped attribute count}.
 * </ul>
 */
final class ZipkinSpans {

    private static final String ERROR_TAG = "error";
    private static final String LINK_TAG_PREFIX = "otlp.link.";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ZipkinSpans() {}

    /** A JSON array of Zipkin spans, the body {@code /api/v2/spans} takes. */
    static byte[] toJson(List<ReceivedSpan> spans) {
        ArrayNode array = MAPPER.createArrayNode();
        spans.forEach(span -> array.add(toZipkin(span)));
        try {
            return MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Zipkin spans are plain JSON", e);
        }
    }

    static ObjectNode toZipkin(ReceivedSpan span) {
        ObjectNode zipkin = MAPPER.createObjectNode();
        zipkin.put("traceId", span.traceId());
        zipkin.put("id", span.spanId());
        if (span.parentSpanId() != null) {
            zipkin.put("parentId", span.parentSpanId());
        }
        zipkin.put("name", span.name());
        Map<String, String> tags = new LinkedHashMap<>();
        switch (span.kind()) {
            case SERVER, CLIENT, PRODUCER, CONSUMER -> zipkin.put("kind", span.kind().name());
            case INTERNAL -> tags.put("span.kind", "internal");
            case UNSPECIFIED -> { }
        }
        if (span.startEpochNanos() > 0) {
            zipkin.put("timestamp", span.startEpochNanos() / 1_000);
            if (span.endEpochNanos() >= span.startEpochNanos()) {
                // Zipkin reads 0 as "unknown": a span shorter than a microsecond still took time.
                zipkin.put("duration", Math.max(1, (span.endEpochNanos() - span.startEpochNanos() + 500) / 1_000));
            }
        }
        zipkin.putObject("localEndpoint").put("serviceName", span.service());

        span.resource().forEach((key, value) -> tags.put(key, tagValue(value)));
        if (!span.scope().name().isEmpty()) {
            tags.put("otel.scope.name", span.scope().name());
        }
        if (!span.scope().version().isEmpty()) {
            tags.put("otel.scope.version", span.scope().version());
        }
        span.attributes().forEach((key, value) -> tags.put(key, tagValue(value)));
        if (!span.traceState().isEmpty()) {
            tags.put("w3c.tracestate", span.traceState());
        }
        status(span.status(), tags);
        for (int i = 0; i < span.links().size(); i++) {
            ReceivedSpan.Link link = span.links().get(i);
            tags.put(LINK_TAG_PREFIX + i, String.join("|", link.traceId(), link.spanId(), link.traceState(),
                    json(link.attributes()), Integer.toString(link.droppedAttributesCount())));
        }
        if (!span.events().isEmpty()) {
            ArrayNode annotations = zipkin.putArray("annotations");
            span.events().forEach(event -> annotations.addObject()
                    .put("timestamp", event.epochNanos() / 1_000)
                    .put("value", event.attributes().isEmpty() && event.droppedAttributesCount() == 0 ? event.name()
                            : String.join("|", event.name(), json(event.attributes()), Integer.toString(event.droppedAttributesCount()))));
        }
        if (!tags.isEmpty()) {
            ObjectNode tagNode = zipkin.putObject("tags");
            tags.forEach(tagNode::put);
        }
        return zipkin;
    }

    private static void status(ReceivedSpan.Status status, Map<String, String> tags) {
        if (status.code() == ReceivedSpan.StatusCode.ERROR) {
            tags.put(ERROR_TAG, "true");
        } else {
            tags.remove(ERROR_TAG);
        }
        if (status.code() == ReceivedSpan.StatusCode.UNSET) {
            return;
        }
        tags.put("otel.status_code", status.code().name());
        if (!status.message().isEmpty()) {
            tags.put("otel.status_description", status.message());
        }
    }

    /** An attribute value as tag text. */
    static String tagValue(Object value) {
        return switch (value) {
            case String text -> text;
            case Double number when Double.isFinite(number) -> new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            case Boolean _, Long _, Double _ -> value.toString();
            default -> json(value);
        };
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attribute values are plain JSON values", e);
        }
    }
}
