package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an event against its type's JSON Schema (draft 2020-12, formats asserted). Compiled schemas are cached, so
 * validation after the first event of a type costs no parsing. Thread-safe.
 */
public final class EventValidator {

    private final EventTypeRegistry registry;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();
    private final Map<JsonNode, JsonSchema> compiled = new ConcurrentHashMap<>();

    public EventValidator(EventTypeRegistry registry) {
        this.registry = registry;
    }

    /** The types and schemas it validates against. */
    public EventTypeRegistry registry() {
        return registry;
    }

    /**
     * @throws InvalidEventException naming every field that breaks a rule, or the unknown type or schema version
     */
    public void validate(Event event) {
        JsonNode schema = registry.schemaFor(event.type(), event.dataSchema()).orElseThrow(() ->
                new InvalidEventException(event.type(), event.id(), List.of(registry.knows(event.type())
                        ? new SchemaViolation("$.dataschema", "version", "unknown schema version " + event.dataSchema())
                        : new SchemaViolation("$.type", SchemaViolation.UNKNOWN_TYPE_RULE, "unknown event type '" + event.type()
                                + "'; known: " + registry.types()))));
        Set<ValidationMessage> messages = compiled.computeIfAbsent(schema, s -> factory.getSchema(s, config))
                .validate(event.data());
        if (!messages.isEmpty()) {
            List<SchemaViolation> violations = messages.stream()
                    .map(m -> new SchemaViolation(field(m), m.getType(), m.getMessage()))
                    .sorted(Comparator.comparing(SchemaViolation::field))
                    .toList();
            throw new InvalidEventException(event.type(), event.id(), violations);
        }
    }

    /** The offending field as a JSON path from the event root; for a missing field, the field itself, not its parent. */
    private static String field(ValidationMessage message) {
        String location = message.getInstanceLocation().toString().replaceFirst("^\\$", "\\$.data");
        return "required".equals(message.getType()) && message.getProperty() != null
                ? location + "." + message.getProperty()
                : location;
    }
}
