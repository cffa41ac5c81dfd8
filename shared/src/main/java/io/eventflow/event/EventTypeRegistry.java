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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event types eventflow knows and the JSON Schema of each version, as listed in {@code events/schemas/catalog.json}
 * (shipped inside the shared jar under {@code eventflow/schemas/}). Immutable.
 */
public final class EventTypeRegistry {

    /** Base of every eventflow schema URI: {@code <base><type>/v<N>.json}. */
    public static final String SCHEMA_BASE = "https://eventflow.dev/schemas/";

    private static final String CLASSPATH_ROOT = "eventflow/schemas/";
    private static final Pattern VERSIONED = Pattern.compile("/v(\\d+)\\.json$");

    private final Map<String, NavigableMap<Integer, JsonNode>> schemas;

    private EventTypeRegistry(Map<String, NavigableMap<Integer, JsonNode>> schemas) {
        this.schemas = schemas;
    }

    /** Loads the catalog and every schema it names from the classpath. */
    public static EventTypeRegistry fromClasspath() {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode catalog = read(mapper, CLASSPATH_ROOT + "catalog.json");
        Map<String, NavigableMap<Integer, JsonNode>> schemas = new LinkedHashMap<>();
        catalog.path("types").properties().forEach(entry -> {
            NavigableMap<Integer, JsonNode> versions = new TreeMap<>();
            entry.getValue().forEach(version -> versions.put(version.asInt(),
                    read(mapper, CLASSPATH_ROOT + entry.getKey() + "/v" + version.asInt() + ".json")));
            schemas.put(entry.getKey(), Collections.unmodifiableNavigableMap(versions));
        });
        return new EventTypeRegistry(Collections.unmodifiableMap(schemas));
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

    /** The schema URI new events of a type get by default: version 1 until a type says otherwise. */
    static URI defaultSchemaUri(String type) {
        return schemaUri(type, 1);
    }

    /** The URI naming one version of a type's schema. */
    public static URI schemaUri(String type, int version) {
        return URI.create(SCHEMA_BASE + type + "/v" + version + ".json");
    }

    public Set<String> types() {
        return schemas.keySet();
    }

    public boolean knows(String type) {
        return schemas.containsKey(type);
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
        if (dataSchema == null) {
            return Optional.of(versions.lastEntry().getValue());
        }
        // Only this type's own schema URIs name a version of it: another type's schema is no version of this one.
        if (!dataSchema.toString().startsWith(SCHEMA_BASE + type + "/")) {
            return Optional.empty();
        }
        Matcher matcher = VERSIONED.matcher(dataSchema.toString());
        return matcher.find() ? Optional.ofNullable(versions.get(Integer.parseInt(matcher.group(1)))) : Optional.empty();
    }
}
