package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event types eventflow knows, every published version of each with its JSON Schema, and the {@link SchemaCatalog}
 * that lists them ({@code events/schemas/catalog.json}, shipped inside the shared jar under {@code eventflow/schemas/}).
 * Immutable.
 */
public final class EventTypeRegistry {

    /** Base of every eventflow schema URI: {@code <base><type>/v<N>.json}. */
    public static final String SCHEMA_BASE = "https://eventflow.dev/schemas/";

    private static final String CLASSPATH_ROOT = "eventflow/schemas/";
    private static final Pattern VERSIONED = Pattern.compile("/v(\\d+)\\.json$");

    private final SchemaCatalog catalog;
    private final Map<String, NavigableMap<Integer, JsonNode>> schemas;

    private EventTypeRegistry(SchemaCatalog catalog, Map<String, NavigableMap<Integer, JsonNode>> schemas) {
        this.catalog = catalog;
        this.schemas = schemas;
    }

    /**
     * The registry of the schemas shipped in this jar, loaded once on first use: the one explicit global of the
     * package, so that {@link Event.Builder} can default an event's {@code dataschema} to its type's newest version.
     */
    static EventTypeRegistry bundled() {
        return Bundled.REGISTRY;
    }

    private static final class Bundled {
        static final EventTypeRegistry REGISTRY = fromClasspath();
    }

    /** Loads the catalog and every schema it names from the classpath. */
    public static EventTypeRegistry fromClasspath() {
        ObjectMapper mapper = new ObjectMapper();
        SchemaCatalog catalog = SchemaCatalog.parse(read(mapper, CLASSPATH_ROOT + "catalog.json"));
        Map<String, NavigableMap<Integer, JsonNode>> schemas = new LinkedHashMap<>();
        catalog.types().forEach((type, entry) -> {
            NavigableMap<Integer, JsonNode> versions = new TreeMap<>();
            entry.digests().keySet().forEach(version ->
                    versions.put(version, read(mapper, CLASSPATH_ROOT + type + "/v" + version + ".json")));
            schemas.put(type, Collections.unmodifiableNavigableMap(versions));
        });
        return new EventTypeRegistry(catalog, Collections.unmodifiableMap(schemas));
    }

    /**
     * A registry of given schemas, for tools and tests that stand for another deployment's; {@code schemas} holds, per
     * type of the catalog, its versions' schemas.
     */
    public static EventTypeRegistry of(SchemaCatalog catalog, Map<String, ? extends Map<Integer, JsonNode>> schemas) {
        Map<String, NavigableMap<Integer, JsonNode>> copy = new LinkedHashMap<>();
        catalog.types().keySet().forEach(type -> copy.put(type, Collections.unmodifiableNavigableMap(
                new TreeMap<>(Objects.requireNonNull(schemas.get(type), "no schemas for " + type)))));
        return new EventTypeRegistry(catalog, Collections.unmodifiableMap(copy));
    }

    private static JsonNode read(ObjectMapper mapper, String resource) {
        try (InputStream in = EventTypeRegistry.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource missing from the classpath: " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** The schema URI new events of a type get by default: its newest version, or version 1 for a type not listed. */
    static URI defaultSchemaUri(String type) {
        EventTypeRegistry bundled = bundled();
        return schemaUri(type, bundled.knows(type) ? bundled.latestVersion(type) : 1);
    }

    /** The URI naming one version of a type's schema. */
    public static URI schemaUri(String type, int version) {
        return URI.create(SCHEMA_BASE + type + "/v" + version + ".json");
    }

    public Set<String> types() {
        return schemas.keySet();
    }

    /** The catalog the registry was loaded from: modes and digests. */
    public SchemaCatalog catalog() {
        return catalog;
    }

    /**
     * Every published version of a type and its schema, oldest first.
     *
     * @throws IllegalArgumentException for a type the catalog does not list
     */
    public NavigableMap<Integer, JsonNode> versions(String type) {
        NavigableMap<Integer, JsonNode> versions = schemas.get(type);
        if (versions == null) {
            throw new IllegalArgumentException("unknown event type '" + type + "'; known: " + types());
        }
        return versions;
    }

    /** The newest published version of a type. */
    public int latestVersion(String type) {
        return versions(type).lastKey();
    }

    public boolean knows(String type) {
        return schemas.containsKey(type);
    }

    /**
     * The version a {@code dataschema} names for a type: the number in its {@code v<N>.json}, or the newest published
     * version when it names none. Empty when it is no schema URI of this type's (the version need not be published).
     */
    public OptionalInt versionOf(String type, URI dataSchema) {
        if (dataSchema == null) {
            return knows(type) ? OptionalInt.of(latestVersion(type)) : OptionalInt.empty();
        }
        // Only this type's own schema URIs name a version of it: another type's schema is no version of this one.
        if (!dataSchema.toString().startsWith(SCHEMA_BASE + type + "/")) {
            return OptionalInt.empty();
        }
        Matcher matcher = VERSIONED.matcher(dataSchema.toString());
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /**
     * The schema an event must satisfy: the version its {@code dataschema} names, or the newest when it names none.
     * Empty when the type, or the version named, is unknown.
     */
    public Optional<JsonNode> schemaFor(String type, URI dataSchema) {
        NavigableMap<Integer, JsonNode> versions = schemas.get(type);
        if (versions == null) {
            return Optional.empty();
        }
        OptionalInt version = versionOf(type, dataSchema);
        return version.isPresent() ? Optional.ofNullable(versions.get(version.getAsInt())) : Optional.empty();
    }
}
