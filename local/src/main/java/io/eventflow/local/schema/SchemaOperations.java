package io.eventflow.local.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.event.SchemaCatalog;
import io.eventflow.event.compatibility.CompatibilityMode;
import io.eventflow.event.compatibility.Incompatibility;
import io.eventflow.event.compatibility.SchemaCompatibility;
import io.eventflow.event.compatibility.SchemaGate;
import io.eventflow.local.CommandException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./eventflow schema list|show|check|diff|catalog} do, printing to the stream it is given: the event types,
 * one type's versions and fields, the build's schema gate, a compatibility diff of two versions (a draft not yet in the
 * catalog too), and the regeneration of the catalog pages. Each returns the exit status: 0 when all is well, 1 when the
 * check or the diff finds a break.
 */
public final class SchemaOperations {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final PrintStream out;

    /** @param root the project root (where {@code events/} and {@code template.yaml} are) */
    public SchemaOperations(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    /** Every type: its versions, mode and consumers, one line each. */
    public int list() {
        for (CatalogType type : EventCatalog.read(root).types()) {
            out.printf("%-18s %-10s %-20s %s%n", type.type(),
                    String.join(",", type.versions().reversed().stream().map(v -> "v" + v.version()).toList()),
                    type.compatibility(), String.join(", ", type.consumers()));
        }
        return 0;
    }

    /**
     * One type's section of the catalog.
     *
     * @throws CommandException for a type the catalog does not list
     */
    public int show(String name) {
        CatalogType type = EventCatalog.read(root).types().stream().filter(t -> t.type().equals(name)).findFirst()
                .orElseThrow(() -> unknownType(name));
        out.print(CatalogMarkdown.type(type));
        return 0;
    }

    /** The schema gate and the catalog pages' currency; 1 when either finds a problem. */
    public int check() {
        List<String> problems = SchemaGate.check(schemas());
        problems.forEach(problem -> out.println("schema check: " + problem));
        List<Path> stale = CatalogPages.stale(root);
        stale.forEach(page -> out.println("schema check: " + page + " is stale: regenerate it with " + CatalogPages.COMMAND));
        if (!problems.isEmpty() || !stale.isEmpty()) {
            return 1;
        }
        SchemaCatalog catalog = catalog(schemas());
        out.println("schema check: ok: " + catalog.types().size() + " types, "
                + catalog.types().values().stream().mapToInt(t -> t.digests().size()).sum()
                + " published versions, each unchanged and within its mode; the catalog pages are current");
        return 0;
    }

    /**
     * What breaks between two versions' files, backward and forward, and the verdict of the type's mode; 1 when the
     * later version breaks the mode.
     *
     * @throws CommandException for a type the catalog does not list, or a version file that does not exist
     */
    public int diff(String type, int earlier, int later) {
        SchemaCatalog.TypeEntry entry = catalog(schemas()).type(type).orElseThrow(() -> unknownType(type));
        JsonNode earlierSchema = read(schemas().resolve(type).resolve("v" + earlier + ".json"));
        JsonNode laterSchema = read(schemas().resolve(type).resolve("v" + later + ".json"));
        report("backward (a v" + later + " consumer reads v" + earlier + " events)",
                SchemaCompatibility.compare(type, earlier, earlierSchema, later, laterSchema, CompatibilityMode.BACKWARD));
        report("forward (a v" + earlier + " consumer reads v" + later + " events)",
                SchemaCompatibility.compare(type, earlier, earlierSchema, later, laterSchema, CompatibilityMode.FORWARD));
        List<Incompatibility> verdict = SchemaCompatibility.compare(type, earlier, earlierSchema, later, laterSchema, entry.compatibility());
        out.println(type + " is " + entry.compatibility() + ": v" + earlier + " -> v" + later
                + (verdict.isEmpty() ? " keeps it" : " breaks it"));
        return verdict.isEmpty() ? 0 : 1;
    }

    private void report(String direction, List<Incompatibility> found) {
        out.println(direction + ": " + (found.isEmpty() ? "compatible" : found.size() + " break(s)"));
        found.forEach(incompatibility -> out.println("  " + incompatibility.pointer() + ": " + incompatibility.rule().id()
                + ": " + incompatibility.detail()));
    }

    /** Rewrites the catalog pages under {@code docs/}. */
    public int catalog() {
        CatalogPages.write(root).forEach(page -> out.println("wrote " + page));
        return 0;
    }

    private static CommandException unknownType(String type) {
        return new CommandException("unknown event type '" + type + "'");
    }

    private Path schemas() {
        return root.resolve("events/schemas");
    }

    private static SchemaCatalog catalog(Path schemas) {
        return SchemaCatalog.parse(read(schemas.resolve("catalog.json")));
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandException(file + " does not exist");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + " as JSON: " + e.getMessage());
        }
    }
}
