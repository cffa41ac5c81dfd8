package io.eventflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AwsEmulatorsTest {

    @Test
    void aConfiguredEndpointWinsWithoutProbingDocker() {
        AtomicBoolean probed = new AtomicBoolean();
        AwsEmulator.Kind kind = AwsEmulators.choose(Map.of(AwsEmulators.ENDPOINT_VARIABLE, "http://127.0.0.1:4566"), () -> {
            probed.set(true);
            return true;
        });
        assertThat(kind).isEqualTo(AwsEmulator.Kind.EXTERNAL);
        assertThat(probed).isFalse();
    }

    @Test
    void localStackWhenDockerAnswersElseMoto() {
        assertThat(AwsEmulators.choose(Map.of(), () -> true)).isEqualTo(AwsEmulator.Kind.LOCALSTACK);
        assertThat(AwsEmulators.choose(Map.of(AwsEmulators.ENDPOINT_VARIABLE, " "), () -> false)).isEqualTo(AwsEmulator.Kind.MOTO);
    }

    @Test
    void anExternalEndpointIsUsedAsGiven() {
        try (AwsEmulator emulator = AwsEmulators.start(
                Map.of(AwsEmulators.ENDPOINT_VARIABLE, "http://127.0.0.1:4566 ", "AWS_REGION", "eu-west-1"),
                new AwsEmulators.ProjectLayout(java.nio.file.Path.of(".")))) {
            assertThat(emulator.kind()).isEqualTo(AwsEmulator.Kind.EXTERNAL);
            assertThat(emulator.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
            assertThat(emulator.region()).isEqualTo("eu-west-1");
        }
    }

    @Test
    void theProjectLayoutIsFoundFromTheBuild() {
        AwsEmulators.ProjectLayout layout = AwsEmulators.ProjectLayout.locate();
        assertThat(layout.emulatorRequirements()).exists();
        assertThat(layout.emulatorVenv()).isEqualTo(layout.root().resolve(".venv/emulator"));
    }
}
