package io.eventflow.local;

import io.eventflow.local.cli.CommandContext;
import io.eventflow.local.cli.EventflowCommand;
import io.eventflow.local.cli.Workspace;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/** {@code ./eventflow}: the local command; the commands are in {@link io.eventflow.local.cli}. */
public final class EventflowCli {

    private EventflowCli() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, Workspace::locate));
    }

    /**
     * Runs one command line with these streams.
     *
     * @param workspace the project root and session file, looked up only by commands that need them
     * @return the exit status: 0 done, 1 the command failed, 2 a mistake in the command line
     */
    static int run(List<String> args, PrintStream out, PrintStream err, Supplier<Workspace> workspace) {
        return EventflowCommand.run(new CommandContext(out, err, System.in, workspace), args.toArray(String[]::new));
    }
}
