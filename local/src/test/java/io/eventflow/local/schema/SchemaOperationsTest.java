package io.eventflow.local.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.local.CommandException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./eventflow schema ...} does, on the real project and on a copy where a draft version is tried. */
class SchemaOperationsTest {

    private static final Path ROOT = Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Run(int status, String out) {}

    private static Run run(Path root, ToIntFunction<SchemaOperations> operation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = operation.applyAsInt(new SchemaOperations(root, o));
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listNamesEveryTypeWithItsVersionsModeAndConsumers() {
        Run list = run(ROOT, SchemaOperations::list);

        assertThat(list.status()).isZero();
        assertThat(list.out().lines()).hasSize(7)
                .anySatisfy(line -> assertThat(line).matches("order\\.shipped +v1,v2 +BACKWARD_TRANSITIVE +notifier \\(v1–v2, seen as v2\\), "
                        + "analytics \\(every version as written\\), archiver \\(every version as written\\)"))
                .anySatisfy(line -> assertThat(line).matches("deposit\\.made +v1 +BACKWARD +analytics \\(every version as written\\), "
                        + "ledger \\(v1\\), archiver \\(every version as written\\)"));
    }

    @Test
    void showPrintsOneTypesSection() {
        Run show = run(ROOT, operations -> operations.show("user.signed_up"));

        assertThat(show.status()).isZero();
        assertThat(show.out()).startsWith("## user.signed_up\n")
                .contains("| `plan` | string, one of free\\|pro\\|enterprise | no | The plan the user signed up for. |");
        assertThatThrownBy(() -> run(ROOT, operations -> operations.show("user.teleported")))
                .isInstanceOf(CommandException.class).hasMessage("unknown event type 'user.teleported'");
    }

    @Test
    void checkPassesOnTheProject() {
        Run check = run(ROOT, SchemaOperations::check);

        assertThat(check.status()).as(check.out()).isZero();
        assertThat(check.out()).isEqualTo("schema check: ok: 7 types, 8 published versions, each unchanged and within its "
                + "mode; the catalog pages are current\n");
    }

    @Test
    void diffOfADraftThatAddsARequiredFieldNamesTheBreakAndFails(@TempDir Path copy) throws IOException {
        copyProject(copy);
        ObjectNode v2 = draft(copy, "order.created");
        ((ObjectNode) v2.get("properties")).putObject("carrier_service").put("type", "string").put("maxLength", 32);
        ((ArrayNode) v2.get("required")).add("carrier_service");
        write(copy, "order.created", v2);

        Run diff = run(copy, operations -> operations.diff("order.created", 1, 2));

        assertThat(diff.status()).isEqualTo(1);
        assertThat(diff.out()).isEqualTo("""
                backward (a v2 consumer reads v1 events): 1 break(s)
                  /required: required-added: the reader requires 'carrier_service', which the writer may leave out
                forward (a v1 consumer reads v2 events): 1 break(s)
                  /properties/carrier_service: property-refused: the writer may send 'carrier_service', which the reader's additionalProperties: false refuses
                order.created is BACKWARD: v1 -> v2 breaks it
                """);
    }

    @Test
    void diffOfADraftThatAddsAnOptionalFieldKeepsBackward(@TempDir Path copy) throws IOException {
        copyProject(copy);
        ObjectNode v2 = draft(copy, "order.created");
        ((ObjectNode) v2.get("properties")).putObject("estimated_delivery").put("type", "string").put("format", "date")
                .put("maxLength", 10);
        write(copy, "order.created", v2);

        Run diff = run(copy, operations -> operations.diff("order.created", 1, 2));

        assertThat(diff.status()).as(diff.out()).isZero();
        assertThat(diff.out()).startsWith("backward (a v2 consumer reads v1 events): compatible\n")
                .endsWith("order.created is BACKWARD: v1 -> v2 keeps it\n");
        // Until it is in catalog.json with its digest, the gate refuses the draft.
        assertThat(run(copy, SchemaOperations::check).out()).contains("order.created: " + copy.resolve("events/schemas/order.created/v2.json")
                + " is not listed in catalog.json; to publish it, add \"2\": \"sha256:");
    }

    @Test
    void checkNamesAStalePageAndTheCommandThatRegeneratesIt(@TempDir Path copy) throws IOException {
        copyProject(copy);
        Files.writeString(copy.resolve(CatalogPages.MARKDOWN), "# old\n");

        Run check = run(copy, SchemaOperations::check);

        assertThat(check.status()).isEqualTo(1);
        assertThat(check.out()).isEqualTo("schema check: docs/event-catalog.md is stale: regenerate it with ./eventflow schema catalog\n");
        assertThat(run(copy, SchemaOperations::catalog).out()).isEqualTo("wrote docs/event-catalog.md\nwrote docs/event-catalog.html\n");
        assertThat(run(copy, SchemaOperations::check).status()).isZero();
    }

    @Test
    void aVersionFileThatDoesNotExistIsNamed() {
        assertThatThrownBy(() -> run(ROOT, operations -> operations.diff("order.shipped", 1, 7)))
                .isInstanceOf(CommandException.class).hasMessageEndingWith("order.shipped/v7.json does not exist");
    }

    private static ObjectNode draft(Path root, String type) throws IOException {
        ObjectNode v2 = (ObjectNode) MAPPER.readTree(root.resolve("events/schemas").resolve(type).resolve("v1.json").toFile());
        v2.put("$id", "https://eventflow.dev/schemas/" + type + "/v2.json");
        return v2;
    }

    private static void write(Path root, String type, ObjectNode schema) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(root.resolve("events/schemas").resolve(type).resolve("v2.json").toFile(), schema);
    }

    private static void copyProject(Path copy) throws IOException {
        for (String part : List.of("events", "docs/event-catalog.md", "docs/event-catalog.html", "template.yaml")) {
            Path from = ROOT.resolve(part);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.toList()) {
                    Path target = copy.resolve(ROOT.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                    }
                }
            }
        }
    }
}
