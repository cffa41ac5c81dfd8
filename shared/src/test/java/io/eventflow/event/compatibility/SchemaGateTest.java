package io.eventflow.event.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.testing.ExampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's gate over the real {@code events/schemas}: {@code ./mvnw verify} fails here on a breaking change. */
class SchemaGateTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SCHEMAS = ExampleEvents.root().resolve("events/schemas");

    @Test
    void thePublishedSchemasPassTheGate() {
        assertThat(SchemaGate.check(SCHEMAS)).as("run ./eventflow schema check for the same list").isEmpty();
    }

    @Test
    void aChangedPublishedFileIsRefusedWithItsDigests(@TempDir Path copy) throws IOException {
        copyTree(SCHEMAS, copy);
        Path v1 = copy.resolve("user.signed_up/v1.json");
        Files.writeString(v1, Files.readString(v1).replace("\"title\"", "\"$comment\": \"edited\", \"title\""));

        assertThat(SchemaGate.check(copy)).singleElement().asString()
                .startsWith("user.signed_up v1: " + v1 + " changed after it was published (catalog sha256:")
                .endsWith("publish the change as a new version instead");
    }

    @Test
    void aBreakingNewVersionFailsNamingTypeVersionsPointerAndRule(@TempDir Path copy) throws IOException {
        copyTree(SCHEMAS, copy);
        // v2 requires "plan", which v1 events may lack: a v2 consumer could not read the archive's v1 events.
        ObjectNode v2 = (ObjectNode) MAPPER.readTree(copy.resolve("user.signed_up/v1.json").toFile());
        v2.put("$id", "https://eventflow.dev/schemas/user.signed_up/v2.json");
        ((ArrayNode) v2.get("required")).add("plan");
        Path file = copy.resolve("user.signed_up/v2.json");
        MAPPER.writeValue(file.toFile(), v2);
        publish(copy, "user.signed_up", 2, SchemaGate.digest(file));

        assertThat(SchemaGate.check(copy)).singleElement().asString().isEqualTo("user.signed_up v1 -> v2: /required: "
                + "required-added: a v2 consumer cannot read every v1 event: the reader requires 'plan', which the writer "
                + "may leave out [BACKWARD]");
    }

    @Test
    void aNewVersionFileNotInTheCatalogIsRefusedWithTheDigestToRecord(@TempDir Path copy) throws IOException {
        copyTree(SCHEMAS, copy);
        Path file = copy.resolve("user.signed_up/v2.json");
        Files.copy(copy.resolve("user.signed_up/v1.json"), file);

        assertThat(SchemaGate.check(copy)).singleElement().asString().isEqualTo("user.signed_up: " + file
                + " is not listed in catalog.json; to publish it, add \"2\": \"" + SchemaGate.digest(file)
                + "\" to the type's versions");
    }

    private static void publish(Path schemas, String type, int version, String digest) throws IOException {
        Path catalog = schemas.resolve("catalog.json");
        String marker = "\"" + type + "\": {";
        String text = Files.readString(catalog);
        int versions = text.indexOf("\"versions\": {", text.indexOf(marker)) + "\"versions\": {".length();
        Files.writeString(catalog, text.substring(0, versions) + "\"" + version + "\": \"" + digest + "\", "
                + text.substring(versions));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
