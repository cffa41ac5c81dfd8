package io.eventflow.local;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.local.traces.LocalTracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The long-running local stack of {@code ./eventflow up}: the template's resources on an emulator, every function's
 * event source polling, and a {@link SessionFile} telling the other commands ({@code publish}, {@code dlq}) where it
 * is. Closing it stops the event sources and removes the session file; the emulator belongs to the caller.
 */
public final class LocalSession implements AutoCloseable {

    /** The stack name a local session uses. */
    public static final String STACK_NAME = "eventflow";

    private final LocalRunner runner;
    private final SessionFile session;
    private final Path sessionFile;

    private LocalSession(LocalRunner runner, SessionFile session, Path sessionFile) {
        this.runner = runner;
        this.session = session;
        this.sessionFile = sessionFile;
    }

    /**
     * Provisions the stack, starts its event sources and writes the session file.
     *
     * @throws CommandException when the session file names another running session
     */
    public static LocalSession start(AwsEmulator emulator, Path projectRoot, Path sessionFile, String stackName) {
        return start(emulator, projectRoot, sessionFile, stackName, Map.of());
    }

    /**
     * Like {@link #start(AwsEmulator, Path, Path, String)}, with environment variables set on every function over the
     * template's (the OTLP exporter's, for {@code up --traces}).
     */
    public static LocalSession start(AwsEmulator emulator, Path projectRoot, Path sessionFile, String stackName,
                                     Map<String, String> functionEnvironment) {
        SessionFile.read(sessionFile).filter(SessionFile::alive).ifPresent(other -> {
            throw new CommandException("A local session is already running (process " + other.pid() + ", endpoint "
                    + other.endpoint() + "); stop it first, or remove " + sessionFile + " if that process is not eventflow");
        });
        LocalRunner.Builder builder = LocalRunner.builder()
                .endpoint(emulator.endpoint())
                .credentials(emulator.administrator())
                .region(emulator.region())
                .template(projectRoot.resolve("template.yaml"))
                .stackName(stackName);
        functionEnvironment.forEach(builder::functionEnvironment);
        LocalRunner runner = builder.build().start();
        try {
            String otlp = functionEnvironment.get(LocalTracing.OTLP_ENDPOINT_VARIABLE);
            SessionFile session = new SessionFile(emulator.endpoint(), emulator.region(), stackName, ProcessHandle.current().pid(),
                    otlp == null ? null : URI.create(otlp), emulator.administrator().resolveCredentials());
            session.write(sessionFile);
            return new LocalSession(runner, session, sessionFile);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    public LocalRunner runner() {
        return runner;
    }

    public SessionFile session() {
        return session;
    }

    /** What {@code up} prints: where the stack is and its queues. */
    public String summary() {
        ProvisionedStack stack = runner.stack();
        StringBuilder out = new StringBuilder();
        out.append("eventflow up: stack ").append(stack.stackName()).append(" on ").append(session.endpoint())
                .append(" (").append(session.region()).append(")\n");
        out.append(String.format("  %-11s %s%n", "topic", stack.outputs().get(StackLocator.TOPIC_OUTPUT)));
        for (Map.Entry<String, ConsumerQueues> consumer : StackLocator.consumers(stack.outputs()).entrySet()) {
            out.append(String.format("  %-11s queue %s%n", consumer.getKey(), consumer.getValue().queueUrl()));
            out.append(String.format("  %-11s dlq   %s%n", "", consumer.getValue().deadLetterQueueUrl()));
        }
        out.append("Event sources are polling. Session: ").append(sessionFile)
                .append(" (./eventflow publish, ./eventflow dlq use it). Ctrl-C stops.\n");
        return out.toString();
    }

    @Override
    public void close() {
        try {
            // Only our own record: a second `up` that was refused must not remove the first one's.
            if (SessionFile.read(sessionFile).filter(session::equals).isPresent()) {
                Files.deleteIfExists(sessionFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + sessionFile, e);
        } finally {
            runner.close();
        }
    }
}
