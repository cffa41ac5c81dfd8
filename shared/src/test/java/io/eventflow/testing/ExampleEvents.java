package io.eventflow.testing;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The example events of {@code events/examples/}, read from the project root. */
public final class ExampleEvents {

    private static final EventCodec CODEC = new EventCodec();

    private ExampleEvents() {}

    /** The repository root: surefire sets {@code eventflow.root}; from the module directory it is {@code ..}. */
    public static Path root() {
        return Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();
    }

    public static Path examplesDirectory() {
        return root().resolve("events/examples");
    }

    public static Path catalogFile() {
        return root().resolve("events/schemas/catalog.json");
    }

    /** Every {@code *.json} file under {@code events/examples}, sorted by name; never empty. */
    public static List<Path> files() {
        try (Stream<Path> listing = Files.list(examplesDirectory())) {
            List<Path> files = listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no example events under " + examplesDirectory());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory(), e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The raw JSON text of {@code events/examples/<type>.json}. */
    public static String json(String type) {
        return read(examplesDirectory().resolve(type + ".json"));
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
