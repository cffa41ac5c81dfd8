package io.eventflow.local.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.event.SchemaCatalog;
import io.eventflow.event.compatibility.CompatibilityMode;
import io.eventflow.event.compatibility.Incompatibility;
import io.eventflow.event.compatibility.SchemaCompatibility;
import io.eventflow.event.compatibility.SchemaGate;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./eventflow schema list|show <type>|check|diff <type> <v1> <v2>|catalog}: the event types, one type's versions
 * and fields, the build's schema gate, a compatibility diff of two versions (drafts not yet in the catalog too), and
 * the regeneration of the catalog pages. Exit status 0 when all is well, 1 when the check or diff finds a break, 2 for
 * a usage mistake.
 */
public final class SchemaCommand {

    public static final String USAGE = """
              schema list     every event type: its versions, compatibility mode and consumers
              schema show <type>
                              one type's mode, versions, fields with types and descriptions, and example
              schema check    the build's schema gate: catalog digests, every type's versions against its mode,
                              and whether docs/event-catalog.* are current (exit 1 on a problem)
              schema diff <type> <v1> <v2>
                              what breaks between two versions' files, backward and forward, and the verdict of
                              the type's mode (exit 1 if it breaks it); v2 may be a draft not yet in catalog.json
              schema catalog  regenerate docs/event-catalog.md and docs/event-catalog.html
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final PrintStream out;
    private final PrintStream err;

    /** @param root the project root (where {@code events/} and {@code template.yaml} are) */
    public SchemaCommand(Path root, PrintStream out, PrintStream err) {
        this.root = root;
        this.out = out;
        this.err = err;
    }

    /** @param args the words after {@code schema} */
    public int run(List<String> args) {
        String subcommand = args.isEmpty() ? "" : args.getFirst();
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            return dispatch(subcommand, rest);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("eventflow schema: " + e.getMessage());
            return 1;
        }
    }

    private int dispatch(String subcommand, List<String> rest) {
        return switch (subcommand) {
            case "list" -> rest.isEmpty() ? list() : usage("schema list takes no arguments");
            case "show" -> rest.size() == 1 ? show(rest.getFirst()) : usage("schema show needs one type");
            case "check" -> rest.isEmpty() ? check() : usage("schema check takes no arguments");
            case "diff" -> rest.size() == 3 ? diff(rest.get(0), rest.get(1), rest.get(2)) : usage("schema diff needs <type> <v1> <v2>");
            case "catalog" -> rest.isEmpty() ? catalog() : usage("schema catalog takes no arguments");
            default -> usage("unknown schema command '" + subcommand + "'");
        };
    }

    private int list() {
        for (CatalogType type : EventCatalog.read(root).types()) {
            out.printf("%-18s %-10s %-20s %s%n", type.type(),
                    String.join(",", type.versions().reversed().stream().map(v -> "v" + v.version()).toList()),
                    type.compatibility(), String.join(", ", type.consumers()));
        }
        return 0;
    }

    private int show(String name) {
        return EventCatalog.read(root).types().stream().filter(type -> type.type().equals(name)).findFirst()
                .map(type -> {
                    out.print(CatalogMarkdown.type(type));
                    return 0;
                })
                .orElseGet(() -> usage("unknown event type '" + name + "'"));
    }

    private int check() {
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

    private int diff(String type, String first, String second) {
        SchemaCatalog.TypeEntry entry = catalog(schemas()).type(type).orElse(null);
        if (entry == null) {
            return usage("unknown event type '" + type + "'");
        }
        int earlier;
        int later;
        try {
            earlier = Integer.parseInt(first.replaceFirst("^v", ""));
            later = Integer.parseInt(second.replaceFirst("^v", ""));
        } catch (NumberFormatException e) {
            return usage("versions are numbers, like 1 or v1");
        }
        if (earlier >= later) {
            return usage("the first version must be the earlier one");
        }
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

    private int catalog() {
        CatalogPages.write(root).forEach(page -> out.println("wrote " + page));
        return 0;
    }

    private int usage(String message) {
        err.println("eventflow schema: " + message);
        err.print("usage:\n" + USAGE);
        return 2;
    }

    private Path schemas() {
        return root.resolve("events/schemas");
    }

    private static SchemaCatalog catalog(Path schemas) {
        return SchemaCatalog.parse(read(schemas.resolve("catalog.json")));
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " as JSON", e);
        }
    }
}
