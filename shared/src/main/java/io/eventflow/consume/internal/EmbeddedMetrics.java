package io.eventflow.consume.internal;

import io.eventflow.consume.ProcessingListener;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintStream;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-batch counts as CloudWatch Embedded Metric Format: one JSON line on stdout per invocation, from which CloudWatch
 * Logs makes the metrics {@code processed}, {@code duplicates}, {@code retried}, {@code dead_lettered} and
 * {@code not_started} (unit Count, dimension {@code consumer}) with no API call and no agent. The line also carries the
 * invocation's {@code trace_id}, so a metric's log line leads to its trace.
 */
public final class EmbeddedMetrics implements ProcessingListener {

    /** The default CloudWatch namespace. */
    public static final String DEFAULT_NAMESPACE = "eventflow";

    private static final Map<RecordOutcome, String> METRIC_NAMES = new EnumMap<>(Map.of(
            RecordOutcome.PROCESSED, "processed",
            RecordOutcome.DUPLICATE, "duplicates",
            RecordOutcome.RETRIED, "retried",
            RecordOutcome.DEAD_LETTERED, "dead_lettered",
            RecordOutcome.NOT_STARTED, "not_started"));

    private final String namespace;
    private final PrintStream out;
    private final Clock clock;

    private EmbeddedMetrics(String namespace, PrintStream out, Clock clock) {
        this.namespace = Objects.requireNonNull(namespace);
        this.out = Objects.requireNonNull(out);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Metrics in this namespace, written to stdout, where Lambda sends them to CloudWatch Logs. */
    public static EmbeddedMetrics toStandardOutput(String namespace) {
        return new EmbeddedMetrics(namespace, System.out, Clock.systemUTC());
    }

    /** Metrics written to a given stream at a given clock's time (tests). */
    public static EmbeddedMetrics to(PrintStream out, String namespace, Clock clock) {
        return new EmbeddedMetrics(namespace, out, clock);
    }

    @Override
    public void onRecord(RecordResult result) {
        // Counted per batch, in onBatch.
    }

    @Override
    public void onBatch(List<RecordResult> results) {
        if (results.isEmpty()) {
            return;
        }
        Map<RecordOutcome, Integer> counts = new EnumMap<>(RecordOutcome.class);
        METRIC_NAMES.keySet().forEach(outcome -> counts.put(outcome, 0));
        results.forEach(result -> counts.merge(result.outcome(), 1, Integer::sum));
        String consumer = results.getFirst().consumer();
        StringBuilder line = new StringBuilder(512)
                .append("{\"_aws\":{\"Timestamp\":").append(clock.millis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":").append(quoted(namespace))
                .append(",\"Dimensions\":[[\"consumer\"]],\"Metrics\":[");
        String separator = "";
        for (String name : METRIC_NAMES.values().stream().sorted().toList()) {
            line.append(separator).append("{\"Name\":\"").append(name).append("\",\"Unit\":\"Count\"}");
            separator = ",";
        }
        line.append("]}]},\"consumer\":").append(quoted(consumer));
        counts.forEach((outcome, count) -> line.append(",\"").append(METRIC_NAMES.get(outcome)).append("\":").append(count));
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            line.append(",\"trace_id\":\"").append(span.getTraceId()).append('"');
        }
        out.println(line.append('}'));
    }

    /** A JSON string; consumer names and namespaces are plain, but a quote or backslash must not break the line. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
