package io.eventflow.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XrayPropagatorTest {

    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    @Test
    void readsTheRootParentAndSampledFlagOfAnXrayHeader() {
        SpanContext context = extract(Map.of("X-Amzn-Trace-Id", HEADER));

        assertThat(context.isValid()).isTrue();
        assertThat(context.isRemote()).isTrue();
        assertThat(context.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(context.getSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(context.isSampled()).isTrue();
    }

    @Test
    void fieldsInAnyOrderWithLineageAndUnsampled() {
        SpanContext context = extract(Map.of("X-Amzn-Trace-Id",
                "Sampled=0;Lineage=a87bd80c:1|68fd508a:5;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793"));

        assertThat(context.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(context.isSampled()).isFalse();
    }

    @Test
    void aHeaderWithoutParentOrWithAMalformedRootGivesNoContext() {
        assertThat(extract(Map.of("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")).isValid()).isFalse();
        assertThat(extract(Map.of("X-Amzn-Trace-Id", "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")).isValid()).isFalse();
        assertThat(extract(Map.of("X-Amzn-Trace-Id", "Root=1-5759e988-zz862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")).isValid()).isFalse();
        assertThat(extract(Map.of())).isEqualTo(SpanContext.getInvalid());
    }

    @Test
    void writesTheHeaderItReads() {
        SpanContext span = SpanContext.create("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", TraceFlags.getSampled(), TraceState.getDefault());
        Map<String, String> carrier = new HashMap<>();

        XrayPropagator.INSTANCE.inject(Context.root().with(Span.wrap(span)), carrier, Map::put);

        assertThat(carrier).containsExactly(Map.entry("X-Amzn-Trace-Id", HEADER));
    }

    private static SpanContext extract(Map<String, String> carrier) {
        TextMapGetter<Map<String, String>> getter = (map, key) -> map == null ? null : map.get(key);
        return Span.fromContext(XrayPropagator.INSTANCE.extract(Context.root(), carrier, getter)).getSpanContext();
    }
}
