package io.eventflow.local;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.event.Event;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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

    /**
     * Every example event, as the demo publishes them today (moved by {@link ExampleTimes}): the files' own dates
     * fall out of the consumers' time window as the years pass, so tests that publish examples take these.
     */
    static List<Event> examples() {
        return Demo.examplesToday(projectRoot().resolve("events/examples"), Clock.systemUTC());
    }

    /** The example event of a type, as the demo publishes it today. */
    static Event example(String type) {
        return ofType(examples(), type);
    }

    /** The example event of a type, as written in its file under events/examples. */
    static Event exampleAsWritten(String type) {
        return ofType(Demo.examples(projectRoot().resolve("events/examples")), type);
    }

    private static Event ofType(List<Event> examples, String type) {
        return examples.stream().filter(event -> event.type().equals(type)).findFirst().orElseThrow();
    }
}
