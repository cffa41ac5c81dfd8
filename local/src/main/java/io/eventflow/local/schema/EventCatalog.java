package io.eventflow.local.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.ReadVersions;
import io.eventflow.event.SchemaCatalog;
import io.eventflow.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the event catalog page shows, read from the project: {@code events/schemas} (the schemas and catalog.json),
 * {@code events/examples}, the filter policies of {@code template.yaml} and the versions each consumer's handler
 * declares it reads ({@link ConsumerReads}).
 *
 * @param types every type, in catalog.json's order
 */
public record EventCatalog(List<CatalogType> types) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public EventCatalog {
        types = List.copyOf(types);
    }

    /** Reads the catalog of the project at {@code root}. */
    public static EventCatalog read(Path root) {
        Path schemas = root.resolve("events/schemas");
        SchemaCatalog catalog = SchemaCatalog.parse(json(schemas.resolve("catalog.json")));
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        Map<String, List<String>> consumers = TemplateSubscriptions.consumersByType(template, catalog.types().keySet());
        Map<String, ReadVersions> reads = ConsumerReads.of(template);
        List<CatalogType> types = new ArrayList<>();
        catalog.types().forEach((type, entry) -> {
            List<CatalogVersion> versions = new ArrayList<>();
            entry.digests().descendingMap().forEach((version, digest) -> {
                JsonNode schema = json(schemas.resolve(type).resolve("v" + version + ".json"));
                versions.add(new CatalogVersion(version, digest, schema.path("description").asText(""), SchemaFields.of(schema)));
            });
            // The newest version's example where there is one (<type>.v<N>.json), else the type's first (<type>.json).
            Path examples = root.resolve("events/examples");
            Path newest = examples.resolve(type + ".v" + entry.latest() + ".json");
            Path example = Files.isRegularFile(newest) ? newest : examples.resolve(type + ".json");
            List<String> readers = consumers.get(type).stream().map(consumer -> reads.containsKey(consumer)
                    ? consumer + " (" + ConsumerReads.describe(reads.get(consumer), type) + ")" : consumer).toList();
            types.add(new CatalogType(type, entry.compatibility(), versions, readers,
                    example.getFileName().toString(), Files.isRegularFile(example) ? text(example).strip() : ""));
        });
        return new EventCatalog(types);
    }

    private static JsonNode json(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " as JSON", e);
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
