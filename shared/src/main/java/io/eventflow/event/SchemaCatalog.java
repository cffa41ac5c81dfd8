package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventflow.event.compatibility.CompatibilityMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code events/schemas/catalog.json}: every event type, its compatibility mode and its published versions, each with
 * the SHA-256 digest of its schema file (a published file never changes). Immutable.
 *
 * <pre>{"types": {"order.shipped": {"compatibility": "BACKWARD", "versions": {"1": "sha256:…"}}}}</pre>
 */
public final class SchemaCatalog {

    /** A digest as the catalog writes it: {@code sha256:} and 64 lowercase hex digits. */
    public static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /**
     * One event type's entry.
     *
     * @param compatibility how its versions must relate
     * @param digests each published version and its schema file's digest, oldest first
     */
    public record TypeEntry(CompatibilityMode compatibility, NavigableMap<Integer, String> digests) {

        public TypeEntry {
            digests = Collections.unmodifiableNavigableMap(new TreeMap<>(digests));
        }

        /** The newest published version: the one new events are written in by default. */
        public int latest() {
            return digests.lastKey();
        }
    }

    private final Map<String, TypeEntry> types;

    private SchemaCatalog(Map<String, TypeEntry> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /** A catalog of given entries, in the map's order. */
    public static SchemaCatalog of(Map<String, TypeEntry> types) {
        return new SchemaCatalog(new LinkedHashMap<>(types));
    }

    /**
     * @throws IllegalArgumentException naming the type and field when the catalog is not of the shape above
     */
    public static SchemaCatalog parse(JsonNode catalog) {
        JsonNode typesNode = catalog.path("types");
        if (!typesNode.isObject() || typesNode.isEmpty()) {
            throw new IllegalArgumentException("catalog.json: 'types' must be an object naming at least one event type");
        }
        Map<String, TypeEntry> types = new LinkedHashMap<>();
        typesNode.properties().forEach(entry -> types.put(entry.getKey(), typeEntry(entry.getKey(), entry.getValue())));
        return new SchemaCatalog(types);
    }

    private static TypeEntry typeEntry(String type, JsonNode node) {
        String mode = node.path("compatibility").asText();
        CompatibilityMode compatibility;
        try {
            compatibility = CompatibilityMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog.json: " + type + ": compatibility '" + mode + "' is none of "
                    + Arrays.toString(CompatibilityMode.values()), e);
        }
        NavigableMap<Integer, String> digests = new TreeMap<>();
        node.path("versions").properties().forEach(version -> {
            if (!version.getKey().matches("[1-9][0-9]{0,3}") || !DIGEST.matcher(version.getValue().asText()).matches()) {
                throw new IllegalArgumentException("catalog.json: " + type + ": version '" + version.getKey()
                        + "' must be a positive number with a digest 'sha256:<64 hex digits>', got " + version.getValue());
            }
            digests.put(Integer.parseInt(version.getKey()), version.getValue().asText());
        });
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("catalog.json: " + type + ": 'versions' names no version");
        }
        return new TypeEntry(compatibility, digests);
    }

    /** Every type, in catalog order. */
    public Map<String, TypeEntry> types() {
        return types;
    }

    public Optional<TypeEntry> type(String type) {
        return Optional.ofNullable(types.get(type));
    }
}
