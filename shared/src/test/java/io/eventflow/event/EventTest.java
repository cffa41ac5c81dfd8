package io.eventflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode data() {
        try {
            return (ObjectNode) MAPPER.readTree("{\"order_id\":\"ord_1\",\"customer\":{\"email\":\"a@example.com\"},\"items\":[1]}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Event.Builder minimal() {
        return Event.builder().source("https://shop.example.com/orders").type("order.created").data(data());
    }

    @Test
    void builderFillsIdTimeAndDataSchemaDefaults() {
        Instant before = Instant.now();
        Event event = minimal().build();
        Instant after = Instant.now();

        UUID id = UUID.fromString(event.id());
        assertThat(id.version()).isEqualTo(7);
        assertThat(event.time()).isBetween(before, after);
        assertThat(event.dataSchema()).isEqualTo(URI.create("https://eventflow.dev/schemas/order.created/v1.json"));
        assertThat(event.subject()).isNull();
    }

    @Test
    void eachBuiltEventGetsItsOwnId() {
        assertThat(minimal().build().id()).isNotEqualTo(minimal().build().id());
    }

    @Test
    void explicitValuesAreKept() {
        Instant time = Instant.parse("2026-02-11T09:00:00.5Z");
        URI schema = URI.create("https://eventflow.dev/schemas/order.created/v2.json");

        Event event = minimal().id("evt-1").time(time).subject("ord_1").dataSchema(schema).build();

        assertThat(event.id()).isEqualTo("evt-1");
        assertThat(event.time()).isEqualTo(time);
        assertThat(event.subject()).isEqualTo("ord_1");
        assertThat(event.dataSchema()).isEqualTo(schema);
        assertThat(event.source()).isEqualTo(URI.create("https://shop.example.com/orders"));
        assertThat(event.type()).isEqualTo("order.created");
    }

    @Test
    void mutatingTheNodePassedInDoesNotChangeTheEvent() {
        ObjectNode passed = data();
        Event event = Event.builder().source("/s").type("order.created").data(passed).build();

        passed.put("order_id", "ord_CHANGED");
        ((ObjectNode) passed.get("customer")).put("email", "changed@example.com");
        ((ArrayNode) passed.get("items")).add(2);

        assertThat(event.data()).isEqualTo(data());
    }

    @Test
    void mutatingTheNodeReturnedDoesNotChangeTheEvent() {
        Event event = minimal().build();
        Event twin = event.toBuilder().build();

        JsonNode returned = event.data();
        ((ObjectNode) returned).put("order_id", "ord_CHANGED");
        ((ObjectNode) returned.get("customer")).remove("email");
        ((ArrayNode) returned.get("items")).removeAll();

        assertThat(event.data()).isEqualTo(data());
        assertThat(event).isEqualTo(twin);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void blankTypeIsRefused(String type) {
        assertThatThrownBy(() -> minimal().type(type).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
    }

    @Test
    void missingSourceIsRefused() {
        assertThatThrownBy(() -> Event.builder().type("order.created").data(data()).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("source");
    }

    @Test
    void missingDataIsRefused() {
        assertThatThrownBy(() -> Event.builder().source("/s").type("order.created").build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("data");
    }

    @Test
    void toBuilderCopiesEveryAttribute() {
        Event event = minimal().subject("ord_1").build();

        Event copy = event.toBuilder().build();

        assertThat(copy).isEqualTo(event).hasSameHashCodeAs(event);
        assertThat(copy.id()).isEqualTo(event.id());
        assertThat(copy.time()).isEqualTo(event.time());
        assertThat(copy.subject()).isEqualTo("ord_1");
    }

    @Test
    void eventsDifferingInOneAttributeAreNotEqual() {
        Event event = minimal().subject("ord_1").build();
        ObjectNode otherData = data();
        otherData.put("order_id", "ord_2");

        assertThat(event.toBuilder().subject("ord_2").build()).isNotEqualTo(event);
        assertThat(event.toBuilder().data(otherData).build()).isNotEqualTo(event);
        assertThat(event.toBuilder().source("/elsewhere").build()).isNotEqualTo(event);
        assertThat(event.toBuilder().time(event.time().plusMillis(1)).build()).isNotEqualTo(event);
        assertThat(event.toBuilder().id(EventIds.next()).build()).isNotEqualTo(event);
    }
}
