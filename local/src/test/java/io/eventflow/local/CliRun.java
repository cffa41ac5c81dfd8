package io.eventflow.local;

import io.eventflow.local.cli.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test fixture: one {@code ./eventflow} command run in-process, with its exit status and output.
 *
 * @param status exit status
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliRun(int status, String out, String err) {

    /** Runs a command in the project with the local session recorded in {@code sessionFile}. */
    static CliRun run(Path sessionFile, String... args) {
        Path root = TestStacks.projectRoot();
        return run(() -> new Workspace(root, sessionFile, root), args);
    }

    static CliRun run(Supplier<Workspace> workspace, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = EventflowCli.run(List.of(args), outStream, errStream, workspace);
        }
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
