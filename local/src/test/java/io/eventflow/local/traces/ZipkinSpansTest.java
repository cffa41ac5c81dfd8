package io.eventflow.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OTLP-to-Zipkin mapping in the cases the SDK-made trace of the other tests does not reach. */
class ZipkinSpansTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @Test
    void anInternalSpanHasNoKindButATagSayingSoAndAnUnsetStatusAddsNoStatusTags() {
        JsonNode zipkin = ZipkinSpans.toZipkin(span(ReceivedSpan.Kind.INTERNAL, Map.of("error", false),
                new ReceivedSpan.Status(ReceivedSpan.StatusCode.UNSET, "")));

        assertThat(zipkin.has("kind")).isFalse();
        assertThat(zipkin.path("tags").path("span.kind").asText()).isEqualTo("internal");
        assertThat(zipkin.path("tags").has("error")).as("an error attribute without ERROR status would mark the span failed").isFalse();
        assertThat(zipkin.path("tags").has("otel.status_code")).isFalse();
    }

    @Test
    void attributeValuesBecomeTextAsTheCollectorWritesThem() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("text", "a b");
        attributes.put("flag", true);
        attributes.put("count", 42L);
        attributes.put("ratio", 0.25);
        attributes.put("whole", 2.0);
        attributes.put("tables", List.of("idempotency", "archive"));
        attributes.put("nested", Map.of("k", 1L));

        JsonNode tags = ZipkinSpans.toZipkin(span(ReceivedSpan.Kind.CLIENT, attributes, new ReceivedSpan.Status(ReceivedSpan.StatusCode.OK, ""))).path("tags");

        assertThat(tags.path("text").asText()).isEqualTo("a b");
        assertThat(tags.path("flag").asText()).isEqualTo("true");
        assertThat(tags.path("count").asText()).isEqualTo("42");
        assertThat(tags.path("ratio").asText()).isEqualTo("0.25");
        assertThat(tags.path("whole").asText()).isEqualTo("2");
        assertThat(tags.path("tables").asText()).isEqualTo("[\"idempotency\",\"archive\"]");
        assertThat(tags.path("nested").asText()).isEqualTo("{\"k\":1}");
        assertThat(tags.path("otel.status_code").asText()).isEqualTo("OK");
        assertThat(tags.path("region").asText()).as("resource attributes are tags too").isEqualTo("us-east-1");
        assertThat(tags.path("w3c.tracestate").asText()).isEqualTo("vendor=1");
    }

    @Test
    void timesAreMicrosecondsAndASubMicrosecondSpanStillLastsOne() {
        ReceivedSpan instant = new ReceivedSpan(TRACE, "b7ad6b7169203331", "00f067aa0ba902b7", "tick", ReceivedSpan.Kind.SERVER,
                1_700_000_000_123_456_789L, 1_700_000_000_123_457_000L, "svc", Map.of(), new ReceivedSpan.Scope("", ""), Map.of(), "",
                new ReceivedSpan.Status(ReceivedSpan.StatusCode.UNSET, ""), List.of(), List.of());

        JsonNode zipkin = ZipkinSpans.toZipkin(instant);

        assertThat(zipkin.path("timestamp").asLong()).isEqualTo(1_700_000_000_123_456L);
        assertThat(zipkin.path("duration").asLong()).isEqualTo(1);
        assertThat(zipkin.path("parentId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(zipkin.has("tags")).isFalse();
        assertThat(zipkin.has("annotations")).isFalse();
    }

    private static ReceivedSpan span(ReceivedSpan.Kind kind, Map<String, Object> attributes, ReceivedSpan.Status status) {
        return new ReceivedSpan(TRACE, "b7ad6b7169203331", null, "work", kind, 1_700_000_000_000_000_000L, 1_700_000_000_005_000_000L,
                "svc", Map.of("region", "us-east-1"), new ReceivedSpan.Scope("io.eventflow", "1"), attributes, "vendor=1", status,
                List.of(), List.of());
    }
}
