package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.LocalSession;
import io.eventflow.local.traces.LocalTracing;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eventflow up}: the stack on an emulator until Ctrl-C, recorded for the other commands. */
@Command(name = "up", description = "start an emulator, create the stack from template.yaml and run every function's SQS event source until "
        + "Ctrl-C; the session is recorded in .eventflow/session.json")
final class UpCommand implements Callable<Integer> {

    private final CommandContext context;

    @Option(names = "--traces", description = "also a Zipkin server and the OTLP receiver in front of it")
    private boolean traces;

    UpCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Workspace where = context.workspace().get();
        LocalTracing tracing = traces ? LocalTracing.start(where.root()) : null;
        AwsEmulator emulator;
        LocalSession session;
        try {
            emulator = AwsEmulators.start();
            try {
                session = LocalSession.start(emulator, where.root(), where.sessionFile(), LocalSession.STACK_NAME,
                        tracing == null ? Map.of() : tracing.exporterEnvironment());
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (tracing != null) {
                tracing.close();
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                session.close();
            } finally {
                emulator.close();
                if (tracing != null) {
                    tracing.close();
                }
                context.err().println("eventflow up: stopped; " + where.sessionFile() + " removed");
            }
        }, "eventflow-up-shutdown"));
        context.out().print(session.summary());
        if (tracing != null) {
            context.out().print("Traces: the functions export OTLP to the runner, which forwards them to Zipkin:\n" + tracing.summary());
        }
        context.out().flush();
        try {
            // Until Ctrl-C or SIGTERM: the JVM then runs the hook above, which stops everything.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
