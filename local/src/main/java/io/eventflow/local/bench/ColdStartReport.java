package io.eventflow.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the cold-start benchmark measured: per variant, every sample and their medians, and each variant's median as a
 * ratio of the untraced one.
 *
 * @param runs measured runs per variant
 * @param samples the samples, by variant
 */
public record ColdStartReport(int runs, Map<ColdStartBenchmark.Variant, List<Sample>> samples) {

    /**
     * One cold start.
     *
     * @param totalMillis from starting the JVM process to the batch processed, measured by the benchmark
     * @param initMillis from JVM start to the handler constructed, as the probe saw it
     * @param invokeMillis the first batch, as the probe saw it
     * @param exports OTLP requests the receiver got from this run (after the process exited)
     */
    public record Sample(long totalMillis, long initMillis, long invokeMillis, long exports) {}

    public long median(ColdStartBenchmark.Variant variant, ToLongFunction<Sample> value) {
        long[] sorted = samples.get(variant).stream().mapToLong(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** A variant's median total as a multiple of the untraced median. */
    public double ratio(ColdStartBenchmark.Variant variant) {
        return (double) median(variant, Sample::totalMillis) / median(ColdStartBenchmark.Variant.UNTRACED, Sample::totalMillis);
    }

    public String toText() {
        StringBuilder out = new StringBuilder("notifier cold start, JVM start to first batch processed (median of " + runs + " runs each, interleaved)\n\n");
        out.append(String.format("  %-18s %9s %8s %9s %8s %10s%n", "variant", "total ms", "ratio", "init ms", "invoke ms", "exports"));
        samples.keySet().forEach(variant -> out.append(String.format("  %-18s %9d %7.2fx %9d %8d %10d%n", variant.label(),
                median(variant, Sample::totalMillis), ratio(variant), median(variant, Sample::initMillis),
                median(variant, Sample::invokeMillis), median(variant, Sample::exports))));
        return out.toString();
    }

    public String toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode().put("runs", runs);
        ObjectNode variants = root.putObject("variants");
        samples.forEach((variant, list) -> {
            ObjectNode node = variants.putObject(variant.name().toLowerCase(java.util.Locale.ROOT))
                    .put("median_total_ms", median(variant, Sample::totalMillis))
                    .put("ratio", Math.round(ratio(variant) * 1000) / 1000.0)
                    .put("median_init_ms", median(variant, Sample::initMillis))
                    .put("median_invoke_ms", median(variant, Sample::invokeMillis))
                    .put("median_exports", median(variant, Sample::exports));
            var all = node.putArray("total_ms");
            list.forEach(sample -> all.add(sample.totalMillis()));
        });
        return root.toString();
    }
}
