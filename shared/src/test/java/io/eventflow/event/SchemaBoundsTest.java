package io.eventflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.testing.ExampleEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema says the limits admission and the services enforce: each string it declares has a maximum length and
 * a pattern, format or list of values (so no control characters reach a subject line, a key or a log), each pattern
 * bounds its repetitions, each number both its ends, each array its length, each object its properties.
 */
class SchemaBoundsTest {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.fromClasspath();
    /** A repetition without an upper end: {@code *}, {@code +} or {@code {n,}}, outside escapes and character classes. */
    private static final Pattern UNBOUNDED = Pattern.compile("[*+]|\\{\\d+,}");

    private final EventValidator validator = new EventValidator(REGISTRY);
    private final EventCodec codec = new EventCodec();

    @Test
    void everyStringNumberArrayAndObjectEverySchemaDeclaresIsBounded() {
        List<String> unbounded = new ArrayList<>();
        REGISTRY.types().forEach(type -> REGISTRY.versions(type).forEach((version, schema) ->
                walk(schema, type + " v" + version + " #", unbounded)));
        assertThat(unbounded).isEmpty();
    }

    /** Visits every subschema an instance can meet; {@code not} is left out, as what it names is refused. */
    private static void walk(JsonNode schema, String at, List<String> unbounded) {
        if (!schema.isObject() || schema.has("$ref")) {
            return; // a $ref's target is checked where it is defined
        }
        checkBounds(schema, at, unbounded);
        for (String container : List.of("properties", "$defs")) {
            schema.path(container).properties().forEach(e -> walk(e.getValue(), at + "/" + container + "/" + e.getKey(), unbounded));
        }
        if (schema.has("items")) {
            walk(schema.get("items"), at + "/items", unbounded);
        }
    }

    private static void checkBounds(JsonNode schema, String at, List<String> unbounded) {
        String type = schema.path("type").asText("");
        boolean listed = schema.has("enum") || schema.has("const");
        switch (type) {
            case "string" -> {
                if (!listed && !schema.has("maxLength")) {
                    unbounded.add(at + ": string without maxLength");
                }
                if (!listed && !schema.has("pattern") && !schema.has("format")) {
                    unbounded.add(at + ": string without pattern or format: control characters pass");
                }
                if (schema.has("pattern") && UNBOUNDED.matcher(withoutEscapesAndClasses(schema.get("pattern").asText())).find()) {
                    unbounded.add(at + ": pattern " + schema.get("pattern") + " repeats without bound");
                }
            }
            case "number", "integer" -> {
                if (!listed && !(schema.has("minimum") || schema.has("exclusiveMinimum"))) {
                    unbounded.add(at + ": " + type + " without minimum");
                }
                if (!listed && !(schema.has("maximum") || schema.has("exclusiveMaximum"))) {
                    unbounded.add(at + ": " + type + " without maximum");
                }
            }
            case "array" -> {
                if (!schema.has("maxItems")) {
                    unbounded.add(at + ": array without maxItems");
                }
            }
            case "object" -> {
                if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
                    unbounded.add(at + ": object open to any property (additionalProperties is not false)");
                }
            }
            case "" -> {
                if (!listed && !at.endsWith("#")) {
                    unbounded.add(at + ": no type, so any value");
                }
            }
            default -> unbounded.add(at + ": type " + type + " the bounds check does not know");
        }
    }

    private static String withoutEscapesAndClasses(String pattern) {
        return pattern.replaceAll("\\\\.", "").replaceAll("\\[[^\\]]*]", "");
    }

    @Test
    void theBoundsCheckSeesAnUnboundedPattern() {
        List<String> unbounded = new ArrayList<>();
        checkBounds(json("{\"type\":\"string\",\"maxLength\":9,\"pattern\":\"^acc_[a-z]+$\"}"), "x", unbounded);
        checkBounds(json("{\"type\":\"string\",\"maxLength\":9,\"pattern\":\"^[0-9]{1,}\\\\+$\"}"), "y", unbounded);
        checkBounds(json("{\"type\":\"string\",\"maxLength\":9,\"pattern\":\"^[+*]{1,4}\\\\*$\"}"), "z", unbounded);
        assertThat(unbounded).containsExactly("x: pattern \"^acc_[a-z]+$\" repeats without bound",
                "y: pattern \"^[0-9]{1,}\\\\+$\" repeats without bound");
    }

    /** Each string of each example, with a control character put in: every schema refuses it. */
    @ParameterizedTest
    @MethodSource("io.eventflow.testing.ExampleEvents#files")
    void aControlCharacterInAnyStringOfAnExampleIsRefused(Path file) {
        Event example = codec.decode(ExampleEvents.read(file));
        List<String> pointers = new ArrayList<>();
        strings(example.data(), "", pointers);
        assertThat(pointers).isNotEmpty();
        for (String pointer : pointers) {
            for (String control : List.of("\n", "\r", "\u0000", "\u001b", "\u0085")) {
                ObjectNode data = (ObjectNode) example.data();
                JsonNode parent = data.at(pointer.substring(0, pointer.lastIndexOf('/')));
                String field = pointer.substring(pointer.lastIndexOf('/') + 1);
                String value = parent.get(field).asText();
                if (parent.isObject()) {
                    ((ObjectNode) parent).put(field, value.substring(0, 1) + control + value.substring(1));
                } else {
                    ((ArrayNode) parent).set(Integer.parseInt(field),
                            value.substring(0, 1) + control + value.substring(1));
                }
                Event tampered = example.toBuilder().data(data).build();
                assertThatThrownBy(() -> validator.validate(tampered))
                        .as("%s with %s at %s", file.getFileName(), Map.of("char", (int) control.charAt(0)), pointer)
                        .isInstanceOf(InvalidEventException.class);
            }
        }
    }

    private static void strings(JsonNode node, String at, List<String> pointers) {
        if (node.isTextual()) {
            pointers.add(at);
        } else if (node.isObject()) {
            node.properties().forEach(e -> strings(e.getValue(), at + "/" + e.getKey(), pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strings(node.get(i), at + "/" + i, pointers);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
