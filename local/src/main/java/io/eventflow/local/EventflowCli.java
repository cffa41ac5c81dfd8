package io.eventflow.local;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** {@code ./eventflow}: the local command. */
public final class EventflowCli {

    private static final String USAGE = """
            usage: eventflow <command> [options]

            commands:
              demo [--json]   start an emulator, create the stack from template.yaml, run every function's
                              SQS event source in-process, publish each example event twice, wait for the
                              queues to drain and print what each consumer did (--json: one JSON object)

            environment:
              EVENTFLOW_AWS_ENDPOINT   use this AWS-protocol endpoint instead of starting one
            """;

    private EventflowCli() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        return switch (args.getFirst()) {
            case "demo" -> demo(args.subList(1, args.size()), out);
            default -> {
                err.println("unknown command '" + args.getFirst() + "'\n");
                err.print(USAGE);
                yield 2;
            }
        };
    }

    private static int demo(List<String> options, PrintStream out) {
        AwsEmulators.ProjectLayout layout = AwsEmulators.ProjectLayout.locate();
        try (AwsEmulator emulator = AwsEmulators.start()) {
            DemoReport report = new Demo(emulator, layout.root()).run();
            out.println(options.contains("--json") ? report.toJson() : report.toText());
            return report.drained() ? 0 : 1;
        }
    }
}
