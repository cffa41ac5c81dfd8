package io.eventflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.AwsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Where a running local session ({@code ./eventflow up}) can be reached: written to {@code .eventflow/session.json}
 * at the project root while it runs, read by {@code ./eventflow publish} and {@code ./eventflow dlq}.
 *
 * @param endpoint the AWS-protocol endpoint the stack lives on
 * @param region its region
 * @param stack the stack name its resources are named after
 * @param pid the process running the session
 * @param otlpEndpoint where its functions export traces ({@code up --traces}); null without tracing
 * @param administrator the endpoint's administrator, which the CLI assumes its producer and operator roles from: the
 *                      emulator's own key, meaningless anywhere else (the file is local and removed when the session ends)
 */
public record SessionFile(URI endpoint, String region, String stack, long pid, URI otlpEndpoint, AwsCredentials administrator) {

    /** A session without tracing. */
    public SessionFile(URI endpoint, String region, String stack, long pid, AwsCredentials administrator) {
        this(endpoint, region, stack, pid, null, administrator);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code .eventflow/session.json} under the project root. */
    public static Path defaultLocation(Path projectRoot) {
        return projectRoot.resolve(".eventflow").resolve("session.json");
    }

    /** The session recorded in a file, if the file exists. */
    public static Optional<SessionFile> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            return Optional.of(new SessionFile(URI.create(json.path("endpoint").asText()), json.path("region").asText(),
                    json.path("stack").asText(), json.path("pid").asLong(),
                    json.hasNonNull("otlp_endpoint") ? URI.create(json.path("otlp_endpoint").asText()) : null,
                    json.has("administrator")
                            ? AwsBasicCredentials.create(json.path("administrator").path("access_key_id").asText(),
                                    json.path("administrator").path("secret_access_key").asText())
                            : AwsEmulator.DUMMY_CREDENTIALS)); // a session file written before it had one
        } catch (IOException e) {
            throw new CommandException("Cannot read the session file " + file + " (" + e.getMessage() + "); delete it and run ./eventflow up", e);
        }
    }

    /** The session of a file whose process still runs; otherwise the error every local command gives. */
    public static SessionFile running(Path file) {
        SessionFile session = read(file).orElseThrow(() -> new CommandException("no local session: run ./eventflow up"));
        if (!session.alive()) {
            throw new CommandException("no local session: run ./eventflow up (" + file + " names process " + session.pid()
                    + ", which is not running)");
        }
        return session;
    }

    /** Whether the process that wrote the session is still running. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Writes the file whole (a reader never sees half of it), creating its folder. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            var json = JSON.createObjectNode()
                    .put("endpoint", endpoint.toString())
                    .put("region", region)
                    .put("stack", stack)
                    .put("pid", pid);
            if (otlpEndpoint != null) {
                json.put("otlp_endpoint", otlpEndpoint.toString());
            }
            json.putObject("administrator")
                    .put("access_key_id", administrator.accessKeyId())
                    .put("secret_access_key", administrator.secretAccessKey());
            Files.writeString(partial, json.toPrettyString() + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the session file " + file, e);
        }
    }
}
