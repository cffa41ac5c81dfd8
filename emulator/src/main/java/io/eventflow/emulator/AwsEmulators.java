package io.eventflow.emulator;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the AWS endpoint, in the order the project documents: {@code EVENTFLOW_AWS_ENDPOINT} if set; else LocalStack
 * through Testcontainers when a Docker daemon answers; else a moto server installed into the project's own venv.
 */
public final class AwsEmulators {

    /** Environment variable naming an already running AWS-protocol endpoint. */
    public static final String ENDPOINT_VARIABLE = "EVENTFLOW_AWS_ENDPOINT";

    private static final Logger LOG = LoggerFactory.getLogger(AwsEmulators.class);

    private AwsEmulators() {}

    /** Starts (or finds) an endpoint using the process environment. */
    public static AwsEmulator start() {
        return start(System.getenv(), ProjectLayout.locate());
    }

    /** Starts (or finds) an endpoint; the environment and project layout are passed in for testability. */
    public static AwsEmulator start(Map<String, String> environment, ProjectLayout layout) {
        return switch (choose(environment, LocalStackEmulator::dockerAvailable)) {
            case EXTERNAL -> {
                String external = environment.get(ENDPOINT_VARIABLE).strip();
                LOG.info("Using the AWS endpoint from {}: {}", ENDPOINT_VARIABLE, external);
                yield new ExternalEndpoint(URI.create(external), environment.getOrDefault("AWS_REGION", "us-east-1"));
            }
            case LOCALSTACK -> {
                LOG.info("Docker answers: starting LocalStack through Testcontainers");
                yield LocalStackEmulator.start();
            }
            case MOTO -> {
                LOG.info("No {} and no Docker: starting a moto server from {}", ENDPOINT_VARIABLE, layout.emulatorVenv());
                yield MotoServer.start(layout);
            }
        };
    }

    /** Which endpoint {@link #start} would use; Docker is probed only when no endpoint is configured. */
    public static AwsEmulator.Kind choose(Map<String, String> environment, BooleanSupplier dockerAvailable) {
        String external = environment.get(ENDPOINT_VARIABLE);
        if (external != null && !external.isBlank()) {
            return AwsEmulator.Kind.EXTERNAL;
        }
        return dockerAvailable.getAsBoolean() ? AwsEmulator.Kind.LOCALSTACK : AwsEmulator.Kind.MOTO;
    }

    /** Where the project keeps the emulator's requirements and venv. */
    public record ProjectLayout(Path root) {

        /** Finds the project root: {@code eventflow.root} property, {@code EVENTFLOW_ROOT}, or the nearest parent holding it. */
        public static ProjectLayout locate() {
            String configured = System.getProperty("eventflow.root", System.getenv("EVENTFLOW_ROOT"));
            if (configured != null && !configured.isBlank()) {
                return new ProjectLayout(Path.of(configured).toAbsolutePath().normalize());
            }
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (dir.resolve("local/requirements-emulator.txt").toFile().isFile()) {
                    return new ProjectLayout(dir);
                }
            }
            throw new IllegalStateException(
                    "Cannot find the eventflow project root (a folder with local/requirements-emulator.txt) above "
                            + Path.of("").toAbsolutePath() + "; set EVENTFLOW_ROOT.");
        }

        Path emulatorRequirements() {
            return root.resolve("local/requirements-emulator.txt");
        }

        Path emulatorVenv() {
            return root.resolve(".venv/emulator");
        }
    }
}
