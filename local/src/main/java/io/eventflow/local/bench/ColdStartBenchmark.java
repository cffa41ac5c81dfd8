package io.eventflow.local.bench;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.local.FunctionDefinition;
import io.eventflow.local.LocalRunner;
import io.eventflow.local.ProvisionedStack;
import io.eventflow.local.traces.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Measures the notifier's cold start, side by side in one run: the time from starting a fresh JVM to its first SQS
 * batch processed ({@link ColdStartProbe}), untraced, traced by eventflow's own telemetry, and traced by the
 * OpenTelemetry Java agent; and, untraced and traced, the first batch after SnapStart priming (the runtime hooks run
 * between init and the batch by the local CRaC implementation, {@code io.eventflow.emulator.snapstart}). Runs are interleaved (one of each variant per round, after one discarded warm-up round) so
 * that drift in the machine's load affects every variant alike. Each run handles a fresh {@code order.shipped} event
 * (a real claim in DynamoDB and a real SES send on the emulator), so none is a duplicate.
 *
 * <p>Both traced variants export to the same local OTLP/HTTP receiver (the runner's {@link OtlpReceiver}), which
 * decodes and counts each request before answering, so the figures show the exports really happened. eventflow flushes before the handler returns, inside the
 * measured time; the agent exports in the background (after the measured line, and in Lambda possibly never).
 */
public final class ColdStartBenchmark {

    /** One way of running the function. */
    public enum Variant {
        UNTRACED("untraced", false, false),
        PRIMED("untraced, primed", false, true),
        EVENTFLOW("eventflow tracing", true, false),
        EVENTFLOW_PRIMED("eventflow tracing, primed", true, true),
        AGENT("OTel Java agent", true, false);

        private final String label;
        private final boolean traced;
        private final boolean primed;

        Variant(String label, boolean traced, boolean primed) {
            this.label = label;
            this.traced = traced;
            this.primed = primed;
        }

        public String label() {
            return label;
        }

        /** Whether its handler ran the SnapStart priming between init and the batch. */
        public boolean primed() {
            return primed;
        }

        /** The variant this one is the primed form of (itself when not primed). */
        public Variant unprimed() {
            return this == PRIMED ? UNTRACED : this == EVENTFLOW_PRIMED ? EVENTFLOW : this;
        }
    }

    private final AwsEmulator emulator;
    private final Path template;
    private final Path agentJar;
    private final int runs;

    /**
     * @param template the SAM template whose notifier is measured
     * @param agentJar the OpenTelemetry Java agent jar
     * @param runs measured runs per variant (at least 5)
     */
    public ColdStartBenchmark(AwsEmulator emulator, Path template, Path agentJar, int runs) {
        this.emulator = Objects.requireNonNull(emulator);
        this.template = Objects.requireNonNull(template);
        this.agentJar = Objects.requireNonNull(agentJar);
        if (runs < 5) {
            throw new IllegalArgumentException("a median needs at least 5 runs, got " + runs);
        }
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException("no OpenTelemetry agent at " + agentJar + "; build the runner (./mvnw -pl local -am package)");
        }
        this.runs = runs;
    }

    public ColdStartReport run() throws IOException, InterruptedException {
        AtomicLong exports = new AtomicLong();
        OtlpReceiver receiver = OtlpReceiver.builder().sink(spans -> exports.incrementAndGet()).start();
        Path work = Files.createTempDirectory("eventflow-cold-start");
        try (LocalRunner runner = LocalRunner.builder().endpoint(emulator.endpoint()).credentials(emulator.administrator()).region(emulator.region()).template(template).build()) {
            ProvisionedStack stack = runner.stack();
            FunctionDefinition notifier = stack.function("notifier").orElseThrow();
            String otlp = receiver.endpoint().toString();
            // The probe signs as the notifier's role, as the runner runs the function (the emulator enforces IAM).
            AwsCredentials credentials = runner.clients(notifier.consumerName()).credentials().resolveCredentials();
            Map<Variant, List<ColdStartReport.Sample>> samples = new LinkedHashMap<>();
            for (Variant variant : Variant.values()) {
                samples.put(variant, new ArrayList<>());
            }
            for (int round = 0; round <= runs; round++) {
                for (Variant variant : Variant.values()) {
                    Path batch = work.resolve(variant + "-" + round + ".json");
                    Files.writeString(batch, freshBatch(stack));
                    exports.set(0);
                    ColdStartReport.Sample sample = coldStart(variant, notifier, credentials, otlp, batch, exports);
                    if (round > 0) {
                        samples.get(variant).add(sample);
                    }
                }
            }
            return new ColdStartReport(runs, samples);
        } finally {
            receiver.close();
        }
    }

    /** An SQS batch of one fresh order.shipped (a new id), as Lambda would hand it to the notifier, in Lambda's JSON. */
    public static String freshBatch(ProvisionedStack stack) {
        EventCodec codec = new EventCodec();
        Event event = Event.builder().source("https://shop.example.com/orders").type("order.shipped").subject("ord_bench")
                .data(codec.decode(exampleJson()).data()).build();
        Message message = Message.builder()
                .messageId(UUID.randomUUID().toString())
                .receiptHandle("bench-" + event.id())
                .body(codec.encode(event))
                .attributesWithStrings(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", Long.toString(System.currentTimeMillis())))
                .messageAttributes(Map.of(
                        "type", MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build(),
                        "event-id", MessageAttributeValue.builder().dataType("String").stringValue(event.id()).build()))
                .build();
        return new SqsEventTranslator().toLambdaJson(List.of(message), stack.attribute("NotifierQueue", "Arn"));
    }

    private static String exampleJson() {
        try {
            return Files.readString(Path.of(System.getProperty("eventflow.root", ".")).resolve("events/examples/order.shipped.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ColdStartReport.Sample coldStart(Variant variant, FunctionDefinition notifier, AwsCredentials credentials, String otlp,
                                             Path batch, AtomicLong exports)
            throws IOException, InterruptedException {
        List<String> options = new ArrayList<>();
        if (variant == Variant.AGENT) {
            options.add("-javaagent:" + agentJar);
        }
        if (variant.primed()) {
            options.add(ProbeProcess.PRIMED);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (variant.traced) {
            environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp);
            environment.put("OTEL_SERVICE_NAME", "notifier");
        }
        if (variant == Variant.AGENT) {
            // Traces only, like eventflow's telemetry: no metric or log exporters to start.
            environment.put("OTEL_METRICS_EXPORTER", "none");
            environment.put("OTEL_LOGS_EXPORTER", "none");
            environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
        ProbeProcess probe = ProbeProcess.run(notifier, emulator.endpoint(), emulator.region(), credentials, options, environment, batch);
        if (probe.failures() != 0) {
            throw new IllegalStateException(variant.label() + ": the batch failed (" + probe.fields() + "; its log: " + probe.log() + ")");
        }
        return new ColdStartReport.Sample(TimeUnit.NANOSECONDS.toMillis(probe.elapsedNanos()), probe.field(0), probe.field(1),
                probe.field(3), probe.field(4), probe.field(5), exports.get());
    }
}
