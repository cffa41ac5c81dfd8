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
     * @param invokeMillis the handler's first batch, as the probe saw it
     * @param primingMillis the SnapStart hooks between init and the batch (0 unprimed); Lambda runs them when it takes
     *     the snapshot, not on a cold start
     * @param deserializeMillis the batch deserialized by the Lambda runtime's serializer before the handler gets it (the
     *     runtime's part of the first invocation, which the function's priming does not reach)
     * @param batchClasses classes the JVM loaded while the handler ran the first batch
     * @param exports OTLP requests the receiver got from this run (after the process exited)
     */
    public record Sample(long totalMillis, long initMillis, long invokeMillis, long primingMillis, long deserializeMillis,
                         long batchClasses, long exports) {}

    public long median(ColdStartBenchmark.Variant variant, ToLongFunction<Sample> value) {
        long[] sorted = samples.get(variant).stream().mapToLong(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** A variant's median total as a multiple of the untraced median. */
    public double ratio(ColdStartBenchmark.Variant variant) {
        return (double) median(variant, Sample::totalMillis) / median(ColdStartBenchmark.Variant.UNTRACED, Sample::totalMillis);
    }

    /** A primed variant's median first batch in the handler as a fraction of its unprimed form's. */
    public double primedRatio(ColdStartBenchmark.Variant primed) {
        return (double) median(primed, Sample::invokeMillis) / median(primed.unprimed(), Sample::invokeMillis);
    }

    /** The same with the runtime's deserialization of the batch counted in: the whole first invocation after init. */
    public double primedInvocationRatio(ColdStartBenchmark.Variant primed) {
        return (double) median(primed, ColdStartReport::invocationMillis) / median(primed.unprimed(), ColdStartReport::invocationMillis);
    }

    private static long invocationMillis(Sample sample) {
        return sample.deserializeMillis() + sample.invokeMillis();
    }

    public String toText() {
        StringBuilder out = new StringBuilder("notifier cold start, JVM start to first batch processed (median of " + runs + " runs each, interleaved)\n\n");
        out.append(String.format("  %-26s %8s %7s %8s %11s %10s %8s %8s %7s%n", "variant", "total ms", "ratio", "init ms",
                "deserialize", "priming ms", "batch ms", "classes", "exports"));
        samples.keySet().forEach(variant -> out.append(String.format("  %-26s %8d %6.2fx %8d %11d %10d %8d %8d %7d%n", variant.label(),
                median(variant, Sample::totalMillis), ratio(variant), median(variant, Sample::initMillis),
                median(variant, Sample::deserializeMillis), median(variant, Sample::primingMillis), median(variant, Sample::invokeMillis),
                median(variant, Sample::batchClasses), median(variant, Sample::exports))));
        out.append("\nthe first batch after init, primed against unprimed (priming runs at the snapshot, not on a cold start):\n");
        samples.keySet().stream().filter(ColdStartBenchmark.Variant::primed).forEach(variant -> out.append(String.format(
                "  %-26s handler %5d ms against %5d ms: %.2fx; with the runtime's deserialization %5d ms against %5d ms: %.2fx%n",
                variant.label(), median(variant, Sample::invokeMillis), median(variant.unprimed(), Sample::invokeMillis),
                primedRatio(variant), median(variant, ColdStartReport::invocationMillis),
                median(variant.unprimed(), ColdStartReport::invocationMillis), primedInvocationRatio(variant))));
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
                    .put("median_priming_ms", median(variant, Sample::primingMillis))
                    .put("median_deserialize_ms", median(variant, Sample::deserializeMillis))
                    .put("median_batch_classes", median(variant, Sample::batchClasses))
                    .put("median_batch_classes", median(variant, Sample::batchClasses))
                    .put("median_exports", median(variant, Sample::exports));
            if (variant.primed()) {
                node.put("first_batch_ratio_to_unprimed", Math.round(primedRatio(variant) * 1000) / 1000.0)
                        .put("first_invocation_ratio_to_unprimed", Math.round(primedInvocationRatio(variant) * 1000) / 1000.0);
            }
            var all = node.putArray("total_ms");
            list.forEach(sample -> all.add(sample.totalMillis()));
        });
        return root.toString();
    }
}
