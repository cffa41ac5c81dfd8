package io.eventflow.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.slf4j.LoggerFactory;

/**
 * A moto server ({@code moto[server]}, pinned in {@code local/requirements-emulator.txt}) in the project's own venv,
 * on a free loopback port. The venv is created on first use and rebuilt when the requirements file changes.
 *
 * <p>It enforces IAM: requests signed by a principal it does not know, or for an action the principal's policies do not
 * allow on that resource, are refused. {@link #administrator()} may do anything.
 */
final class MotoServer implements AwsEmulator {

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** The account every resource is in: the one the local runner's template resolution assumes. */
    private static final String ACCOUNT_ID = "000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final StaticCredentialsProvider administrator;

    private MotoServer(Process process, URI endpoint, Path log, AwsBasicCredentials administrator) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.administrator = StaticCredentialsProvider.create(administrator);
    }

    /** Random letters and digits, for the administrator's key of this server only. */
    private static String randomKey(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz";
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return key.toString();
    }

    static MotoServer start(AwsEmulators.ProjectLayout layout) {
        PythonVenv venv = new PythonVenv(layout.emulatorVenv(), layout.emulatorRequirements());
        Path python = venv.python();
        int port = freePort();
        // moto's server with DynamoDB requests serialized and IAM checked per resource (see moto_server.py).
        Path launcher = venv.script(MotoServer.class, "moto_server.py", "eventflow_moto_server.py");
        AwsBasicCredentials administrator = AwsBasicCredentials.create(
                "AKIA" + randomKey(16).toUpperCase(Locale.ROOT), randomKey(40));
        try {
            Path log = Files.createTempFile("eventflow-moto-", ".log");
            ProcessBuilder command = new ProcessBuilder(python.toString(), launcher.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // IAM enforced from the first request: every call is signed by a principal moto knows and checked against
            // its policies. The administrator exists from the start; AWS's managed policies are loaded for the roles.
            command.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", "0");
            command.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            command.environment().put("MOTO_ACCOUNT_ID", ACCOUNT_ID);
            command.environment().put("EVENTFLOW_ADMIN_ACCESS_KEY_ID", administrator.accessKeyId());
            command.environment().put("EVENTFLOW_ADMIN_SECRET_ACCESS_KEY", administrator.secretAccessKey());
            Process process = command.start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log, administrator);
            // A crashed test JVM must not leave a server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-shutdown"));
            server.awaitReady();
            LOG.info("moto server ready at {} (log: {})", server.endpoint, log);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the moto server with " + python, e);
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
    public AwsCredentialsProvider administrator() {
        return administrator;
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
