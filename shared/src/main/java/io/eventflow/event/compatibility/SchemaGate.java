package io.eventflow.event.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.event.SchemaCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The build's schema gate over a schema directory ({@code events/schemas}): every version file is listed in
 * {@code catalog.json} with its digest and unchanged since, every listed version exists, and every type's versions
 * keep its compatibility mode. What {@code ./mvnw verify} and {@code ./eventflow schema check} run.
 */
public final class SchemaGate {

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,3})\\.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaGate() {}

    /** Every problem found, one readable line each; empty when the directory passes. */
    public static List<String> check(Path schemas) {
        SchemaCatalog catalog = SchemaCatalog.parse(read(schemas.resolve("catalog.json")));
        List<String> problems = new ArrayList<>(unlisted(schemas, catalog));
        catalog.types().forEach((type, entry) -> {
            NavigableMap<Integer, JsonNode> versions = new TreeMap<>();
            entry.digests().forEach((version, digest) -> {
                Path file = schemas.resolve(type).resolve("v" + version + ".json");
                if (!Files.isRegularFile(file)) {
                    problems.add(type + " v" + version + ": listed in catalog.json, but " + file + " does not exist");
                    return;
                }
                String actual = digest(file);
                if (!actual.equals(digest)) {
                    problems.add(type + " v" + version + ": " + file + " changed after it was published (catalog " + digest
                            + ", file " + actual + "): publish the change as a new version instead");
                }
                versions.put(version, read(file));
            });
            SchemaCompatibility.check(type, entry.compatibility(), versions)
                    .forEach(incompatibility -> problems.add(incompatibility + " [" + entry.compatibility() + "]"));
        });
        return List.copyOf(problems);
    }

    /** Version files the catalog does not list: a new version needs its digest recorded. */
    private static List<String> unlisted(Path schemas, SchemaCatalog catalog) {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> typeDirs = Files.list(schemas)) {
            for (Path dir : typeDirs.filter(Files::isDirectory).sorted().toList()) {
                String type = dir.getFileName().toString();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.sorted().toList()) {
                        Matcher version = VERSION_FILE.matcher(file.getFileName().toString());
                        boolean listed = version.matches() && catalog.type(type)
                                .map(e -> e.digests().containsKey(Integer.parseInt(version.group(1)))).orElse(false);
                        if (!listed) {
                            problems.add(type + ": " + file + " is not listed in catalog.json"
                                    + (version.matches() ? "; to publish it, add \"" + version.group(1) + "\": \""
                                            + digest(file) + "\" to the type's versions" : " (version files are named v<N>.json)"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + schemas, e);
        }
        return problems;
    }

    /** The digest catalog.json records for a schema file: SHA-256 of its bytes. */
    public static String digest(Path file) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " as JSON", e);
        }
    }
}
