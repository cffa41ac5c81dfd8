package io.eventflow.emulator;

import java.net.URI;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack in Docker through Testcontainers: chosen only when a Docker daemon answers. */
final class LocalStackEmulator implements AwsEmulator {

    /** Pinned so a run today and a run next year see the same emulator. */
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9.2");

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static LocalStackEmulator start() {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices("sns", "sqs", "dynamodb", "ses");
        container.start();
        return new LocalStackEmulator(container);
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public Kind kind() {
        return Kind.LOCALSTACK;
    }

    @Override
    public void reset() {
        EmulatorControl.post(endpoint().resolve("/_localstack/state/reset"));
    }

    @Override
    public List<SentEmail> sentEmails() {
        return EmulatorControl.fromLocalStack(endpoint());
    }

    @Override
    public void close() {
        container.stop();
    }
}
