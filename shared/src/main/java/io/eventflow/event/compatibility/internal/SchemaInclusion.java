package io.eventflow.event.compatibility.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.eventflow.event.compatibility.CompatibilityRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether every instance a writer's JSON Schema (draft 2020-12) accepts is accepted by a reader's schema,
 * keyword by keyword. Sound, not complete: where it cannot tell (a changed pattern, a keyword it does not know) it
 * reports a finding, so a change passes only when it is proven safe.
 *
 * <p>Keywords in the writer only ever shrink what it writes, so most keywords the check does not know are ignored on
 * the writer's side; the few that widen their siblings ({@code patternProperties}, {@code prefixItems}) and every
 * unknown keyword on the reader's side make it refuse to judge.
 */
public final class SchemaInclusion {

    /** Keywords that never change which instances validate. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "$defs", "definitions", "title",
            "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "contentMediaType",
            "contentEncoding", "contentSchema");
    /** Assertions the check compares. */
    public static final Set<String> UNDERSTOOD = Set.of("type", "enum", "const", "minLength", "maxLength", "pattern",
            "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "properties",
            "required", "additionalProperties", "minProperties", "maxProperties", "items", "minItems", "maxItems",
            "uniqueItems", "not", "$ref");
    /** Unknown on the writer's side and still unsafe to ignore there: they let through what their siblings refuse. */
    public static final Set<String> WIDENING = Set.of("patternProperties", "prefixItems", "$dynamicRef", "$recursiveRef");
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();
    private static final Set<String> ALL_TYPES = Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    private final JsonNode readerRoot;
    private final JsonNode writerRoot;
    private final List<InclusionFinding> findings = new ArrayList<>();
    /** Pairs of $ref targets being compared: meeting one again means a recursive schema, assumed included. */
    private final Set<String> refPairs = new HashSet<>();

    private SchemaInclusion(JsonNode readerRoot, JsonNode writerRoot) {
        this.readerRoot = readerRoot;
        this.writerRoot = writerRoot;
    }

    /** What the reader refuses that the writer allows; empty when every writer instance is a reader instance. */
    public static List<InclusionFinding> check(JsonNode reader, JsonNode writer) {
        SchemaInclusion inclusion = new SchemaInclusion(reader, writer);
        inclusion.compare(new Side(reader, ""), new Side(writer, ""), "");
        return List.copyOf(inclusion.findings);
    }

    /** A subschema and the pointer of the $ref target it came from ("" when reached without one). */
    private record Side(JsonNode node, String ref) {}

    private void compare(Side readerSide, Side writerSide, String pointer) {
        Side reader = resolve(readerSide, readerRoot, pointer);
        Side writer = resolve(writerSide, writerRoot, pointer);
        if (reader == null || writer == null) {
            return;
        }
        // Inline subschemas are named by where they are, $ref targets by the target: a pair met again is a recursion.
        if ((!reader.ref().isEmpty() || !writer.ref().isEmpty())
                && !refPairs.add((reader.ref().isEmpty() ? pointer : reader.ref()) + "|" + (writer.ref().isEmpty() ? pointer : writer.ref()))) {
            return;
        }
        JsonNode r = reader.node();
        JsonNode w = writer.node();
        if (w.isBoolean() && !w.asBoolean()) {
            return; // the writer writes nothing here
        }
        if (r.isBoolean()) {
            if (!r.asBoolean()) {
                add(pointer, CompatibilityRule.NOTHING_ACCEPTED, "the reader's schema is false, the writer's accepts values");
            }
            return;
        }
        if (w.isBoolean()) {
            w = EMPTY;
        }
        if (!r.isObject() || !w.isObject()) {
            add(pointer, CompatibilityRule.UNSUPPORTED_KEYWORD, "a schema that is neither an object nor a boolean: not judged");
            return;
        }
        if (r.equals(w) && !containsRef(r)) {
            return;
        }
        if (refuseUnknown(r, w, pointer)) {
            return;
        }
        Set<String> writerTypes = types(w);
        Set<String> shared = compareTypes(types(r), writerTypes, pointer);
        compareValues(r, w, pointer);
        if (shared.contains("string")) {
            compareStrings(r, w, pointer);
        }
        if (shared.contains("number") || shared.contains("integer")) {
            compareNumbers(r, w, pointer);
        }
        if (shared.contains("object")) {
            compareObjects(r, w, pointer);
        }
        if (shared.contains("array")) {
            compareArrays(r, w, pointer);
        }
        if (r.has("not") && !(r.get("not").equals(w.get("not")) && !containsRef(r.get("not")))) {
            add(pointer + "/not", CompatibilityRule.NOT_CHANGED, "the reader's 'not' differs from the writer's: not judged");
        }
    }

    /** Follows a local $ref; null after reporting one that cannot be followed. */
    private Side resolve(Side side, JsonNode root, String pointer) {
        Side current = side;
        Set<String> seen = new HashSet<>();
        while (current.node().isObject() && current.node().has("$ref")) {
            String ref = current.node().get("$ref").asText();
            Set<String> siblings = new TreeSet<>();
            current.node().fieldNames().forEachRemaining(siblings::add);
            siblings.remove("$ref");
            siblings.removeAll(ANNOTATIONS);
            JsonNode target = ref.startsWith("#") ? root.at(ref.substring(1)) : null;
            if (target == null || target.isMissingNode() || !siblings.isEmpty() || !seen.add(ref)) {
                add(pointer + "/$ref", CompatibilityRule.UNRESOLVED_REF, "'" + ref + "'"
                        + (siblings.isEmpty() ? " is not a JSON pointer into the same schema" : " has sibling keywords " + siblings)
                        + ": not judged");
                return null;
            }
            current = new Side(target, ref);
        }
        return current;
    }

    private static boolean containsRef(JsonNode node) {
        return !node.findValues("$ref").isEmpty();
    }

    private boolean refuseUnknown(JsonNode r, JsonNode w, String pointer) {
        Set<String> unknown = new TreeSet<>();
        r.fieldNames().forEachRemaining(name -> {
            if (!UNDERSTOOD.contains(name) && !ANNOTATIONS.contains(name)) {
                unknown.add(name);
            }
        });
        w.fieldNames().forEachRemaining(name -> {
            if (WIDENING.contains(name)) {
                unknown.add(name);
            }
        });
        for (String numeric : List.of("exclusiveMinimum", "exclusiveMaximum")) {
            if ((r.has(numeric) && !r.get(numeric).isNumber()) || (w.has(numeric) && !w.get(numeric).isNumber())) {
                unknown.add(numeric + " (boolean, draft 4)");
            }
        }
        if (unknown.isEmpty()) {
            return false;
        }
        add(pointer, CompatibilityRule.UNSUPPORTED_KEYWORD, "keywords the gate does not understand: " + unknown + ": not judged");
        return true;
    }

    /** The JSON types the schema admits: its {@code type}, else those of its listed values, else all. */
    private static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            Set<JsonNode> values = values(schema);
            if (values == null) {
                return ALL_TYPES;
            }
            Set<String> types = new LinkedHashSet<>();
            values.forEach(value -> types.add(typeOf(value)));
            return types;
        }
        Set<String> types = new LinkedHashSet<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private static String typeOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NUMBER -> value.isIntegralNumber() || value.decimalValue().stripTrailingZeros().scale() <= 0 ? "integer" : "number";
            default -> "string";
        };
    }

    /** Reports the writer's types the reader refuses; returns those both accept, which the other keywords see. */
    private Set<String> compareTypes(Set<String> reader, Set<String> writer, String pointer) {
        Set<String> shared = new LinkedHashSet<>();
        Set<String> refused = new TreeSet<>();
        for (String type : writer) {
            if (reader.contains(type) || ("integer".equals(type) && reader.contains("number"))) {
                shared.add(type);
            } else {
                refused.add(type);
            }
        }
        if (!refused.isEmpty()) {
            add(pointer + "/type", CompatibilityRule.TYPE_NARROWED, "the writer may send " + refused + ", the reader accepts "
                    + (reader == ALL_TYPES ? "any" : reader));
        }
        return shared;
    }

    private void compareValues(JsonNode r, JsonNode w, String pointer) {
        Set<JsonNode> writerValues = values(w);
        if (r.has("enum")) {
            Set<JsonNode> readerValues = new HashSet<>();
            r.get("enum").forEach(readerValues::add);
            compareValueSet(readerValues, writerValues, pointer + "/enum", CompatibilityRule.ENUM_NARROWED);
        }
        if (r.has("const")) {
            compareValueSet(Set.of(r.get("const")), writerValues, pointer + "/const", CompatibilityRule.CONST_CHANGED);
        }
    }

    private void compareValueSet(Set<JsonNode> reader, Set<JsonNode> writer, String pointer, CompatibilityRule rule) {
        if (writer == null) {
            add(pointer, rule, "the reader accepts only " + reader + ", the writer any value");
            return;
        }
        List<JsonNode> refused = writer.stream().filter(v -> !reader.contains(v)).toList();
        if (!refused.isEmpty()) {
            add(pointer, rule, "the writer may send " + refused + ", which the reader's " + reader + " lacks");
        }
    }

    /** The writer's values when its enum or const lists them; null when any value of its types is allowed. */
    private static Set<JsonNode> values(JsonNode w) {
        if (w.has("const")) {
            return Set.of(w.get("const"));
        }
        if (w.has("enum")) {
            Set<JsonNode> values = new HashSet<>();
            w.get("enum").forEach(values::add);
            return values;
        }
        return null;
    }

    private void compareStrings(JsonNode r, JsonNode w, String pointer) {
        compareMinimumCount(r, w, "minLength", pointer, CompatibilityRule.MIN_LENGTH_RAISED);
        compareMaximumCount(r, w, "maxLength", pointer, CompatibilityRule.MAX_LENGTH_LOWERED);
        compareExact(r, w, "pattern", pointer, CompatibilityRule.PATTERN_CHANGED);
        compareExact(r, w, "format", pointer, CompatibilityRule.FORMAT_CHANGED);
    }

    private void compareExact(JsonNode r, JsonNode w, String keyword, String pointer, CompatibilityRule rule) {
        if (r.has(keyword) && !r.get(keyword).equals(w.get(keyword))) {
            add(pointer + "/" + keyword, rule, "the reader's " + keyword + " " + r.get(keyword) + ", the writer's "
                    + (w.has(keyword) ? w.get(keyword) : "none"));
        }
    }

    private void compareMinimumCount(JsonNode r, JsonNode w, String keyword, String pointer, CompatibilityRule rule) {
        long reader = r.path(keyword).asLong(0);
        long writer = w.path(keyword).asLong(0);
        if (reader > writer) {
            add(pointer + "/" + keyword, rule, "the reader's " + keyword + " " + reader + ", the writer's " + writer);
        }
    }

    private void compareMaximumCount(JsonNode r, JsonNode w, String keyword, String pointer, CompatibilityRule rule) {
        if (r.has(keyword) && (!w.has(keyword) || w.get(keyword).asLong() > r.get(keyword).asLong())) {
            add(pointer + "/" + keyword, rule, "the reader's " + keyword + " " + r.get(keyword).asLong() + ", the writer's "
                    + (w.has(keyword) ? w.get(keyword).asLong() : "none"));
        }
    }

    private void compareNumbers(JsonNode r, JsonNode w, String pointer) {
        Bound readerLow = Bound.lower(r);
        Bound writerLow = Bound.lower(w);
        if (readerLow != null && (writerLow == null || !writerLow.withinLower(readerLow))) {
            add(pointer + "/" + readerLow.keyword(), CompatibilityRule.MINIMUM_RAISED, "the reader's lower bound "
                    + readerLow + ", the writer's " + (writerLow != null ? writerLow : "none"));
        }
        Bound readerHigh = Bound.upper(r);
        Bound writerHigh = Bound.upper(w);
        if (readerHigh != null && (writerHigh == null || !writerHigh.withinUpper(readerHigh))) {
            add(pointer + "/" + readerHigh.keyword(), CompatibilityRule.MAXIMUM_LOWERED, "the reader's upper bound "
                    + readerHigh + ", the writer's " + (writerHigh != null ? writerHigh : "none"));
        }
        if (r.has("multipleOf")) {
            BigDecimal reader = r.get("multipleOf").decimalValue();
            boolean divides = w.has("multipleOf")
                    && w.get("multipleOf").decimalValue().remainder(reader).compareTo(BigDecimal.ZERO) == 0;
            if (!divides) {
                add(pointer + "/multipleOf", CompatibilityRule.MULTIPLE_OF_CHANGED, "the reader's multipleOf " + reader
                        + ", the writer's " + (w.has("multipleOf") ? w.get("multipleOf").decimalValue() : "none"));
            }
        }
    }

    private void compareObjects(JsonNode r, JsonNode w, String pointer) {
        Set<String> writerRequired = new HashSet<>();
        w.path("required").forEach(name -> writerRequired.add(name.asText()));
        r.path("required").forEach(name -> {
            if (!writerRequired.contains(name.asText())) {
                add(pointer + "/required", CompatibilityRule.REQUIRED_ADDED, "the reader requires '" + name.asText()
                        + "', which the writer may leave out");
            }
        });
        JsonNode readerProperties = r.path("properties");
        JsonNode writerProperties = w.path("properties");
        JsonNode readerAdditional = r.has("additionalProperties") ? r.get("additionalProperties") : BooleanNode.TRUE;
        JsonNode writerAdditional = w.has("additionalProperties") ? w.get("additionalProperties") : BooleanNode.TRUE;
        writerProperties.properties().forEach(entry -> {
            String name = entry.getKey();
            String at = pointer + "/properties/" + escape(name);
            if (isFalse(entry.getValue())) {
                return; // the writer never sends it
            }
            if (readerProperties.has(name)) {
                compare(new Side(readerProperties.get(name), ""), new Side(entry.getValue(), ""), at);
            } else if (isFalse(readerAdditional)) {
                add(at, CompatibilityRule.PROPERTY_REFUSED, "the writer may send '" + name
                        + "', which the reader's additionalProperties: false refuses");
            } else {
                compare(new Side(readerAdditional, ""), new Side(entry.getValue(), ""), at);
            }
        });
        if (!isFalse(writerAdditional)) {
            readerProperties.properties().forEach(entry -> {
                if (!writerProperties.has(entry.getKey())) {
                    String at = pointer + "/properties/" + escape(entry.getKey());
                    if (!SchemaInclusion.check(readerRoot, writerRoot, entry.getValue(), writerAdditional).isEmpty()) {
                        add(at, CompatibilityRule.OPEN_PROPERTY_CONSTRAINED, "the writer's additional properties may carry '"
                                + entry.getKey() + "' in a shape the reader's schema for it refuses");
                    }
                }
            });
            if (isFalse(readerAdditional)) {
                add(pointer + "/additionalProperties", CompatibilityRule.ADDITIONAL_PROPERTIES_CLOSED,
                        "the reader refuses properties it does not list, the writer's may send others");
            } else {
                compare(new Side(readerAdditional, ""), new Side(writerAdditional, ""), pointer + "/additionalProperties");
            }
        }
        compareMinimumCount(r, w, "minProperties", pointer, CompatibilityRule.MIN_PROPERTIES_RAISED);
        compareMaximumCount(r, w, "maxProperties", pointer, CompatibilityRule.MAX_PROPERTIES_LOWERED);
    }

    /** A side comparison in the same documents, for a yes-or-no answer that is reported as one finding. */
    private static List<InclusionFinding> check(JsonNode readerRoot, JsonNode writerRoot, JsonNode reader, JsonNode writer) {
        SchemaInclusion inclusion = new SchemaInclusion(readerRoot, writerRoot);
        inclusion.compare(new Side(reader, ""), new Side(writer, ""), "");
        return inclusion.findings;
    }

    private void compareArrays(JsonNode r, JsonNode w, String pointer) {
        JsonNode readerItems = r.has("items") ? r.get("items") : BooleanNode.TRUE;
        JsonNode writerItems = w.has("items") ? w.get("items") : BooleanNode.TRUE;
        compare(new Side(readerItems, ""), new Side(writerItems, ""), pointer + "/items");
        compareMinimumCount(r, w, "minItems", pointer, CompatibilityRule.MIN_ITEMS_RAISED);
        compareMaximumCount(r, w, "maxItems", pointer, CompatibilityRule.MAX_ITEMS_LOWERED);
        if (r.path("uniqueItems").asBoolean(false) && !w.path("uniqueItems").asBoolean(false)) {
            add(pointer + "/uniqueItems", CompatibilityRule.UNIQUE_ITEMS_ADDED, "the reader wants unique items, the writer may repeat them");
        }
    }

    private static boolean isFalse(JsonNode schema) {
        return schema.isBoolean() && !schema.asBoolean();
    }

    /** JSON pointer escaping of one reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private void add(String pointer, CompatibilityRule rule, String detail) {
        findings.add(new InclusionFinding(pointer.isEmpty() ? "/" : pointer, rule, detail));
    }
}
