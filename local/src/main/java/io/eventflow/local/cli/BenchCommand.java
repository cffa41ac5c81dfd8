package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.CommandException;
import io.eventflow.local.bench.ColdStartBenchmark;
import io.eventflow.local.bench.ColdStartReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code eventflow bench}: the cold-start benchmark. */
@Command(name = "bench", subcommands = BenchThroughputCommand.class, description = "cold-start benchmark: a fresh JVM per run, from start to the notifier's first batch processed, untraced, "
        + "with eventflow's tracing and with the OpenTelemetry Java agent, and the first batch after SnapStart priming "
        + "(untraced and traced), interleaved; medians of N runs each and their ratios")
final class BenchCommand implements Callable<Integer> {

    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Option(names = "--runs", paramLabel = "N", converter = PositiveInt.class, defaultValue = "7",
            description = "runs of each variant (default ${DEFAULT-VALUE})")
    private int runs;

    BenchCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path root = AwsEmulators.ProjectLayout.locate().root();
        try (AwsEmulator emulator = AwsEmulators.start()) {
            ColdStartReport report = new ColdStartBenchmark(emulator, root.resolve("template.yaml"),
                    root.resolve("local/target/bench/opentelemetry-javaagent.jar"), runs).run();
            context.out().println(json.json() ? report.toJson() : report.toText());
            return 0;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted", e);
        }
    }
}
