package io.eventflow.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The project's example events and schema catalog, read from the repository (not from the classpath). */
final class Examples {

    private Examples() {}

    /** The repository root: surefire sets {@code eventflow.root}; from the module directory it is {@code ..}. */
    static Path projectRoot() {
        return Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();
    }

    static Path examplesDirectory() {
        return projectRoot().resolve("events/examples");
    }

    static Path catalogFile() {
        return projectRoot().resolve("events/schemas/catalog.json");
    }

    /** Every {@code *.json} file under {@code events/examples}, sorted by name. */
    static List<Path> files() {
        try (Stream<Path> listing = Files.list(examplesDirectory())) {
            return listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
