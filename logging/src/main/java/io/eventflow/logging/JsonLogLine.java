package io.eventflow.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event as one line of JSON: {@code timestamp}, {@code level}, {@code logger}, {@code message}, the current
 * span's {@code trace_id} and {@code span_id} (what a tracing backend links logs to its traces by), every MDC entry
 * (the processor puts {@code consumer}, {@code message_id}, {@code event_id} and {@code event_type} there while a record
 * is processed) and, with an exception, {@code error} and its {@code stack_trace}.
 */
final class JsonLogLine {

    private JsonLogLine() {}

    static String format(Instant time, Level level, String logger, String message, Map<String, String> context, Throwable error) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "timestamp", time.toString());
        field(json, "level", level.name());
        field(json, "logger", logger);
        field(json, "message", message);
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            field(json, "trace_id", span.getTraceId());
            field(json, "span_id", span.getSpanId());
        }
        context.forEach((key, value) -> field(json, key, value));
        if (error != null) {
            field(json, "error", error.toString());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            field(json, "stack_trace", trace.toString());
        }
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String key, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        string(json, key);
        json.append(':');
        string(json, value);
    }

    private static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
