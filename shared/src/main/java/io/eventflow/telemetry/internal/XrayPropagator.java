package io.eventflow.telemetry.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Locale;

/**
 * The AWS X-Ray trace header, {@code X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}
 * (in SQS, the {@code AWSTraceHeader} system attribute). The propagator OpenTelemetry used to ship for it now lives in
 * the contrib repository as an alpha artifact; the format is small enough to read and write here.
 */
public enum XrayPropagator implements TextMapPropagator {
    INSTANCE;

    static final String HEADER = SqsMessageGetter.XRAY_HEADER;

    @Override
    public List<String> fields() {
        return List.of(HEADER);
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid() || setter == null) {
            return;
        }
        String traceId = span.getTraceId();
        setter.set(carrier, HEADER, "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8)
                + ";Parent=" + span.getSpanId() + ";Sampled=" + (span.isSampled() ? "1" : "0"));
    }

    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        String header = carrier == null ? null : getter.get(carrier, HEADER);
        SpanContext span = header == null ? null : parse(header);
        return span == null ? context : context.with(Span.wrap(span));
    }

    /** The remote span context the header names, or null when it names none (no Root or no Parent, or malformed). */
    static SpanContext parse(String header) {
        String traceId = null;
        String spanId = null;
        boolean sampled = false;
        for (String part : header.split(";")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = part.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = part.substring(equals + 1).strip();
            switch (key) {
                case "root" -> {
                    // 1-<8 hex: epoch seconds>-<24 hex>; the W3C trace id is the two hex parts joined.
                    String[] pieces = value.split("-");
                    if (pieces.length == 3 && pieces[0].equals("1") && pieces[1].length() == 8 && pieces[2].length() == 24) {
                        traceId = (pieces[1] + pieces[2]).toLowerCase(Locale.ROOT);
                    }
                }
                case "parent" -> spanId = value.toLowerCase(Locale.ROOT);
                case "sampled" -> sampled = value.equals("1");
                default -> { }
            }
        }
        if (traceId == null || spanId == null || !TraceId.isValid(traceId) || !SpanId.isValid(spanId)) {
            return null;
        }
        return SpanContext.createFromRemoteParent(traceId, spanId, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
    }
}
