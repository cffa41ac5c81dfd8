package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.SessionFile;
import java.nio.file.Path;

/**
 * Where a command runs.
 *
 * @param root the project root (template.yaml, events/)
 * @param sessionFile the local session's record
 * @param callerDirectory the directory the command was started from, for relative file arguments
 */
public record Workspace(Path root, Path sessionFile, Path callerDirectory) {

    /** The project around this process; {@code ./eventflow} passes the caller's directory as {@code eventflow.cwd}. */
    public static Workspace locate() {
        Path root = AwsEmulators.ProjectLayout.locate().root();
        return new Workspace(root, SessionFile.defaultLocation(root),
                Path.of(System.getProperty("eventflow.cwd", "")).toAbsolutePath());
    }

    /** The template the local session was created from. */
    public Path template() {
        return root.resolve("template.yaml");
    }

    /** A file argument as given, relative to where the command was run. */
    public Path callerFile(String argument) {
        return callerDirectory.resolve(argument);
    }
}
