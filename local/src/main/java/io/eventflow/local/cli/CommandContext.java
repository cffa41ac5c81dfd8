package io.eventflow.local.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every command is given instead of reaching for globals: its streams, and the workspace, looked up only by the
 * commands that need it (so that a command-line mistake is reported before anything is looked up).
 *
 * @param out results
 * @param err progress, prompts and errors
 * @param in what the demo waits on for Enter
 * @param workspace the project root and session file
 */
public record CommandContext(PrintStream out, PrintStream err, InputStream in, Supplier<Workspace> workspace) {

    public CommandContext {
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        Objects.requireNonNull(in);
        Objects.requireNonNull(workspace);
    }
}
