package io.eventflow.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moto server ({@code moto[server]}, pinned in {@code local/requirements-emulator.txt}) in the project's own venv,
 * on a free loopback port. The venv is created on first use and rebuilt when the requirements file changes.
 */
final class MotoServer implements AwsEmulator {

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    static MotoServer start(AwsEmulators.ProjectLayout layout) {
        Path python = ensureVenv(layout);
        int port = freePort();
        try {
            Path log = Files.createTempFile("eventflow-moto-", ".log");
            Path launcher = launcher(layout);
            Process process = new ProcessBuilder(python.toString(), launcher.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            // A crashed test JVM must not leave a server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-shutdown"));
            server.awaitReady();
            LOG.info("moto server ready at {} (log: {})", server.endpoint, log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the moto server with " + python, e);
        }
    }

    /** moto's server with DynamoDB requests serialized (see moto_server.py), written next to the venv. */
    private static Path launcher(AwsEmulators.ProjectLayout layout) throws IOException {
        Path launcher = layout.emulatorVenv().resolve("eventflow_moto_server.py");
        try (var script = MotoServer.class.getResourceAsStream("moto_server.py")) {
            if (script == null) {
                throw new IllegalStateException("moto_server.py is missing from the emulator jar");
            }
            byte[] content = script.readAllBytes();
            if (!Files.exists(launcher) || !Arrays.equals(Files.readAllBytes(launcher), content)) {
                Files.write(launcher, content);
            }
        }
        return launcher;
    }

    private static Path ensureVenv(AwsEmulators.ProjectLayout layout) {
        Path venv = layout.emulatorVenv();
        Path python = venv.resolve("bin/python");
        Path stamp = venv.resolve(".requirements.sha256");
        String wanted = sha256(layout.emulatorRequirements());
        try {
            if (Files.isExecutable(python) && Files.exists(stamp) && Files.readString(stamp).strip().equals(wanted)) {
                return python;
            }
            String systemPython = findSystemPython();
            LOG.info("Installing the AWS emulator into {} (once; takes about a minute)", venv);
            run(List.of(systemPython, "-m", "venv", "--clear", venv.toString()));
            run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", layout.emulatorRequirements().toString()));
            Files.writeString(stamp, wanted + "\n");
            return python;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the emulator venv at " + venv, e);
        }
    }

    private static String findSystemPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not on PATH: try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(
                "eventflow needs python3 (3.9 or newer, with venv and pip) to run its AWS emulator (moto) when Docker "
                        + "is not available. Install python3 (e.g. 'apt-get install python3 python3-venv'), or point "
                        + AwsEmulators.ENDPOINT_VARIABLE + " at a running LocalStack or moto server.");
    }

    private static void run(List<String> command) throws IOException {
        Path output = Files.createTempFile("eventflow-venv-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Command failed: " + String.join(" ", command) + "\n" + Files.readString(output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the moto server", e);
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The moto server exited at start:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The moto server did not answer within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public Kind kind() {
        return Kind.MOTO;
    }

    @Override
    public void reset() {
        EmulatorControl.post(endpoint.resolve("/moto-api/reset"));
    }

    @Override
    public List<SentEmail> sentEmails() {
        return EmulatorControl.fromMoto(endpoint);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
