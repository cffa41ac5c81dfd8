package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.bench.ThroughputBenchmark;
import io.eventflow.local.bench.ThroughputReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventflow bench throughput}: throughput per instance at a realistic AWS latency. */
@Command(name = "throughput", description = "throughput per instance: each consumer's handler fed events from its queue on the "
        + "emulator behind a proxy adding latency to every AWS call; records sequential against parallel, batches of ten "
        + "against the larger size; ms per batch, events/s, DynamoDB and SQS requests per event, peak heap")
final class BenchThroughputCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private JsonOption json;

    @Option(names = "--events", paramLabel = "N", converter = PositiveInt.class, defaultValue = "200",
            description = "events per consumer and setting (default ${DEFAULT-VALUE})")
    private int events;

    @Option(names = "--latency-ms", paramLabel = "MS", converter = PositiveInt.class, defaultValue = "10",
            description = "added to every AWS call (default ${DEFAULT-VALUE})")
    private int latency;

    @Option(names = "--ses-latency-ms", paramLabel = "MS", converter = PositiveInt.class, defaultValue = "40",
            description = "added to SES calls on top (default ${DEFAULT-VALUE})")
    private int sesLatency;

    @Option(names = "--large-batch", paramLabel = "N", converter = PositiveInt.class, defaultValue = "100",
            description = "the larger batch size of the transactional consumers (default ${DEFAULT-VALUE})")
    private int largeBatch;

    BenchThroughputCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (AwsEmulator emulator = AwsEmulators.start()) {
            ThroughputReport report = new ThroughputBenchmark(emulator, AwsEmulators.ProjectLayout.locate().root(),
                    new ThroughputBenchmark.Settings(events, Duration.ofMillis(latency), Duration.ofMillis(sesLatency), largeBatch)).run();
            context.out().println(json.json() ? report.toJson() : report.toText());
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
