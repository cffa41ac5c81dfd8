package io.eventflow.local.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The fields of one schema, flattened for the catalog: each with its type, limits and description. */
final class SchemaFields {

    /** The schemas' pattern for free text: any characters but the C0 and C1 controls, a bounded number of them. */
    private static final Pattern TEXT = Pattern.compile(Pattern.quote("^[^\\u0000-\\u001F\\u007F-\\u009F]") + "\\{\\d+,\\d+}\\$");

    private final JsonNode root;
    private final List<CatalogField> fields = new ArrayList<>();

    private SchemaFields(JsonNode root) {
        this.root = root;
    }

    /** Every field of the schema's data, depth first in the schema's order; local {@code $ref}s are followed. */
    static List<CatalogField> of(JsonNode schema) {
        SchemaFields walk = new SchemaFields(schema);
        walk.object(schema, "");
        return List.copyOf(walk.fields);
    }

    private void object(JsonNode schema, String prefix) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        schema.path("properties").properties().forEach(entry -> {
            String path = prefix + entry.getKey();
            JsonNode field = entry.getValue();
            JsonNode resolved = resolve(field);
            String description = field.path("description").asText(resolved.path("description").asText(""));
            fields.add(new CatalogField(path, summary(resolved), required.contains(entry.getKey()), description));
            descend(resolved, path);
        });
    }

    private void descend(JsonNode schema, String path) {
        if (schema.has("properties")) {
            object(schema, path + ".");
        } else if (schema.has("items")) {
            JsonNode items = resolve(schema.get("items"));
            if (items.has("properties")) {
                object(items, path + "[].");
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref") && current.get("$ref").asText().startsWith("#") && hops < 16; hops++) {
            current = root.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    /** The type and its limits in a few words. */
    private String summary(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        parts.add(schema.has("type") ? schema.get("type").isArray() ? join(schema.get("type")) : schema.get("type").asText() : "any");
        if (schema.has("enum")) {
            parts.add("one of " + join(schema.get("enum")));
        }
        if (schema.has("const")) {
            parts.add("always " + schema.get("const"));
        }
        range(schema, "minLength", "maxLength", " chars", parts);
        range(schema, "minimum", "maximum", "", parts);
        range(schema, "minItems", "maxItems", " items", parts);
        if (schema.has("format")) {
            parts.add("format " + schema.get("format").asText());
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            parts.add(TEXT.matcher(pattern).matches() ? "no control characters" : "pattern " + pattern);
        }
        if (schema.has("not")) {
            parts.add("not " + summary(schema.get("not")));
        }
        if (schema.has("items")) {
            JsonNode items = resolve(schema.get("items"));
            parts.add("of " + (items.has("properties") ? "objects" : summary(items)));
        }
        return String.join(", ", parts);
    }

    private static void range(JsonNode schema, String min, String max, String unit, List<String> parts) {
        if (schema.has(min) && schema.has(max)) {
            parts.add(schema.get(min).asText() + "-" + schema.get(max).asText() + unit);
        } else if (schema.has(max)) {
            parts.add("at most " + schema.get(max).asText() + unit);
        } else if (schema.has(min)) {
            parts.add("at least " + schema.get(min).asText() + unit);
        }
    }

    private static String join(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return String.join("|", texts);
    }
}
