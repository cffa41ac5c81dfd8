package io.eventflow.local;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.event.Event;
import java.nio.file.Path;
import java.util.UUID;

/** Test fixture: the project's own template.yaml, provisioned under a fresh stack name on the test's emulator. */
final class TestStacks {

    private TestStacks() {}

    static Path projectRoot() {
        return Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();
    }

    /** A runner for a new stack; not started, so tests can adjust resources before consumers poll. */
    static LocalRunner.Builder runner(AwsEmulator emulator) {
        return LocalRunner.builder()
                .endpoint(emulator.endpoint())
                .credentials(emulator.administrator())
                .region(emulator.region())
                .template(projectRoot().resolve("template.yaml"))
                // Unique names, so an external endpoint that is never reset still gives each test a clean stack.
                .stackName("t" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The example event of a type, from events/examples. */
    static Event example(String type) {
        return Demo.examples(projectRoot().resolve("events/examples")).stream()
                .filter(event -> event.type().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
