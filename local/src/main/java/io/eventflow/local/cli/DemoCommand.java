package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.Demo;
import io.eventflow.local.DemoReport;
import io.eventflow.local.ProgressBar;
import io.eventflow.local.traces.LocalTracing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventflow demo}: the stack on an emulator, every example event published twice, what each consumer did. */
@Command(name = "demo", description = "start an emulator, create the stack from template.yaml, run every function's SQS event source in-process, "
        + "publish each example event twice, wait for the queues to drain and print what each consumer did; exit 1 when "
        + "they do not drain")
final class DemoCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private JsonOption json;

    @Option(names = "--traces", description = "the functions export OTLP to the runner, which forwards to a Zipkin server; the report links each event's "
        + "traces (on a terminal, Zipkin stays up until Enter)")
    private boolean traces;

    DemoCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Path root = AwsEmulators.ProjectLayout.locate().root();
        try (LocalTracing tracing = traces ? LocalTracing.start(root) : null;
             AwsEmulator emulator = AwsEmulators.start()) {
            DemoReport report = new Demo(emulator, root, tracing).run();
            context.out().println(json.json() ? report.toJson() : report.toText());
            context.out().flush();
            if (tracing != null && !json.json() && ProgressBar.onTerminal()) {
                // The links are only worth printing if Zipkin is still there to open them.
                context.err().println("Zipkin keeps these traces at " + tracing.zipkin().uiUrl() + " until you press Enter.");
                awaitEnter();
            }
            return report.drained() ? 0 : 1;
        }
    }

    private void awaitEnter() {
        try {
            new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // no input to wait on: stop now
        }
    }
}
