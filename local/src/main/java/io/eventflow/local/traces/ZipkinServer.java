package io.eventflow.local.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Zipkin server ({@code io.zipkin:zipkin-server}, the {@code exec} jar that {@code local/pom.xml} copies to
 * {@value #JAR}) run as a child process on this JVM's own {@code java}, on a free loopback port, with its default
 * in-memory storage. {@link #start()} returns once {@code /health} says UP; {@link #close()} stops it.
 */
public final class ZipkinServer implements AutoCloseable {

    /** Where the build puts the Zipkin server jar, relative to the project root. */
    public static final String JAR = "local/target/zipkin/zipkin-server-exec.jar";

    private static final Logger LOG = LoggerFactory.getLogger(ZipkinServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Zipkin (Spring Boot, Armeria) is healthy in about 4 s on an idle machine; a busy CI runner takes longer. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI baseUrl;
    private final Path log;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final Duration startupTime;

    private ZipkinServer(Builder builder) {
        if (!Files.isRegularFile(builder.jar)) {
            throw new ZipkinException("No Zipkin server at " + builder.jar + ": build the local runner first (./mvnw -pl local -am package -DskipTests)");
        }
        this.http = builder.http;
        int port = freePort();
        this.baseUrl = URI.create("http://127.0.0.1:" + port);
        long started = System.nanoTime();
        try {
            this.log = Files.createTempFile("eventflow-zipkin-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", builder.jar.toString(),
                    // Armeria's port list replaces Zipkin's default (all interfaces, QUERY_PORT): the loopback only.
                    "--armeria.ports[0].ip=127.0.0.1",
                    "--armeria.ports[0].port=" + port,
                    "--armeria.ports[0].protocols=http"));
            this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Zipkin server " + builder.jar, e);
        }
        // A JVM that ends without close() must not leave Zipkin behind.
        this.shutdownHook = new Thread(process::destroy, "zipkin-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitHealthy(STARTUP_TIMEOUT);
        this.startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Zipkin ready at {} in {} ms (log: {})", baseUrl, startupTime.toMillis(), log);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the server answers: {@code /api/v2/...}, {@code /health}, the UI under {@code /zipkin/}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The web UI. */
    public URI uiUrl() {
        return baseUrl.resolve("/zipkin/");
    }

    /** The UI's page of one trace. */
    public URI traceUrl(String traceId) {
        return baseUrl.resolve("/zipkin/traces/" + traceId);
    }

    /** The time from launch to healthy. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * The spans Zipkin holds for a trace ({@code GET /api/v2/trace/{traceId}}), as Zipkin v2 JSON objects; empty when
     * it has none.
     */
    public List<JsonNode> trace(String traceId) {
        HttpResponse<String> response = get(baseUrl.resolve("/api/v2/trace/" + traceId));
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new ZipkinException("Zipkin answered HTTP " + response.statusCode() + " for trace " + traceId + ": " + response.body());
        }
        try {
            List<JsonNode> spans = new ArrayList<>();
            JSON.readTree(response.body()).forEach(spans::add);
            return spans;
        } catch (IOException e) {
            throw new ZipkinException("Zipkin's answer for trace " + traceId + " is not JSON: " + response.body(), e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new ZipkinException("The Zipkin server exited at start (status " + process.exitValue() + "):\n" + logTail());
            }
            try {
                HttpResponse<String> health = get(baseUrl.resolve("/health"));
                if (health.statusCode() == 200 && JSON.readTree(health.body()).path("status").asText().equals("UP")) {
                    return;
                }
            } catch (ZipkinException | IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new ZipkinException("Interrupted while waiting for Zipkin", e);
            }
        }
        close();
        throw new ZipkinException("The Zipkin server did not become healthy within " + timeout + ":\n" + logTail());
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ZipkinException("Cannot reach Zipkin at " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZipkinException("Interrupted reaching Zipkin at " + uri, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for Zipkin", e);
        }
    }

    /** Stops the server (its in-memory traces go with it). */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from another shutdown hook: ours runs too, harmlessly
        }
    }

    /** Builder for {@link ZipkinServer}. */
    public static final class Builder {
        private Path jar;
        private HttpClient http;

        private Builder() {}

        /** The {@code zipkin-server} exec jar, usually {@code projectRoot.resolve(ZipkinServer.JAR)}. */
        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** The client for health checks and trace reads. */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** Launches the server and waits until it is healthy. */
        public ZipkinServer start() {
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(http, "httpClient");
            return new ZipkinServer(this);
        }
    }
}
