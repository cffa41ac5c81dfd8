package io.eventflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.event.compatibility.CompatibilityMode;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** catalog.json as the registry reads it: modes, versions, digests, and a clear error for a malformed entry. */
class SchemaCatalogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void aTypeHasItsModeAndItsVersionsOldestFirst() {
        SchemaCatalog catalog = SchemaCatalog.parse(json("""
                {"types": {"order.shipped": {"compatibility": "FULL_TRANSITIVE", "versions": {"2": "%s", "1": "%s"}}}}"""
                .formatted(DIGEST, DIGEST)));

        SchemaCatalog.TypeEntry entry = catalog.type("order.shipped").orElseThrow();
        assertThat(entry.compatibility()).isEqualTo(CompatibilityMode.FULL_TRANSITIVE);
        assertThat(entry.digests().keySet()).containsExactly(1, 2);
        assertThat(entry.latest()).isEqualTo(2);
        assertThat(catalog.type("order.teleported")).isEmpty();
    }

    @Test
    void aMalformedEntryIsRefusedNamingTypeAndField() {
        assertThatThrownBy(() -> SchemaCatalog.parse(json("""
                {"types": {"order.shipped": {"compatibility": "SIDEWAYS", "versions": {"1": "%s"}}}}""".formatted(DIGEST))))
                .hasMessageStartingWith("catalog.json: order.shipped: compatibility 'SIDEWAYS' is none of [BACKWARD,");
        assertThatThrownBy(() -> SchemaCatalog.parse(json("""
                {"types": {"order.shipped": {"compatibility": "BACKWARD", "versions": {"1": "md5:abc"}}}}""")))
                .hasMessage("catalog.json: order.shipped: version '1' must be a positive number with a digest "
                        + "'sha256:<64 hex digits>', got \"md5:abc\"");
        assertThatThrownBy(() -> SchemaCatalog.parse(json("""
                {"types": {"order.shipped": {"compatibility": "BACKWARD", "versions": {}}}}""")))
                .hasMessage("catalog.json: order.shipped: 'versions' names no version");
        assertThatThrownBy(() -> SchemaCatalog.parse(json("{\"types\": [\"order.shipped\"]}")))
                .hasMessageContaining("'types' must be an object");
    }

    @Test
    void theRegistryKnowsEveryVersionOfEachTypeAndDefaultsToTheNewest() {
        EventTypeRegistry registry = EventTypeRegistry.fromClasspath();

        assertThat(registry.catalog().types().keySet()).containsExactlyElementsOf(registry.types());
        registry.types().forEach(type -> {
            assertThat(registry.versions(type).keySet()).containsExactlyElementsOf(registry.catalog().type(type).orElseThrow().digests().keySet());
            assertThat(registry.versions(type).get(registry.latestVersion(type)).path("$id").asText())
                    .isEqualTo(EventTypeRegistry.schemaUri(type, registry.latestVersion(type)).toString());
            assertThat(Event.builder().source("https://tests.example.com").type(type).data(json("{}")).build().dataSchema())
                    .isEqualTo(EventTypeRegistry.schemaUri(type, registry.latestVersion(type)));
        });
        assertThat(Event.builder().source("https://tests.example.com").type("order.teleported").data(json("{}")).build().dataSchema())
                .isEqualTo(URI.create("https://eventflow.dev/schemas/order.teleported/v1.json"));
        assertThatThrownBy(() -> registry.versions("order.teleported")).hasMessageStartingWith("unknown event type 'order.teleported'");
    }
}
