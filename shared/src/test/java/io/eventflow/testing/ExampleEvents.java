package io.eventflow.testing;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example events of {@code events/examples/}, read from the project root. */
public final class ExampleEvents {

    private static final EventCodec CODEC = new EventCodec();

    private ExampleEvents() {}

    public static Path root() {
        String root = System.getProperty("eventflow.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property eventflow.root is not set (surefire sets it)");
        }
        return Path.of(root);
    }

    /** The raw JSON text of {@code events/examples/<type>.json}. */
    public static String json(String type) {
        try {
            return Files.readString(root().resolve("events/examples/" + type + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example event of a type, decoded, with its fixed id. */
    public static Event example(String type) {
        return CODEC.decode(json(type));
    }

    /** The example event of a type with a fresh id, so tests sharing one table never meet each other's keys. */
    public static Event fresh(String type) {
        return example(type).toBuilder().id(null).build();
    }
}
