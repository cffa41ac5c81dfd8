package io.eventflow.event;

import io.eventflow.testing.ExampleEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventCodec codec = new EventCodec();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A structured-mode CloudEvent with the given attributes replaced or removed (null value = removed). */
    private static String cloudEvent(String... overrides) {
        ObjectNode node = (ObjectNode) json("""
                {"specversion":"1.0","id":"0194f7a0-1c00-7000-8000-00000000abcd","source":"https://shop.example.com/orders",
                 "type":"order.created","time":"2026-02-11T09:00:00Z","subject":"ord_456",
                 "dataschema":"https://eventflow.dev/schemas/order.created/v1.json",
                 "datacontenttype":"application/json","data":{"order_id":"ord_456"}}""");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                node.remove(overrides[i]);
            } else {
                node.set(overrides[i], json(overrides[i + 1]));
            }
        }
        return node.toString();
    }

    private static Event sampleEvent() {
        return Event.builder()
                .id("0194f7a0-1c00-7abc-8def-0123456789ab")
                .source("https://shop.example.com/warehouse")
                .type("order.shipped")
                .time(Instant.parse("2026-02-11T15:30:00.123456789Z"))
                .subject("ord_456")
                .dataSchema(URI.create("https://eventflow.dev/schemas/order.shipped/v1.json"))
                .data(json("""
                        {"order_id":"ord_456","total":"99.98","quantity":2,"gift":false,"note":null,
                         "customer":{"id":"usr_789","name":"Zoë Ünal ✓","shipping_address":{"zip":"12345"}},
                         "items":[{"sku":"SKU-1"},{"sku":"SKU-2"}]}"""))
                .build();
    }

    @Test
    void roundTripKeepsEveryAttribute() {
        Event original = sampleEvent();

        Event decoded = codec.decode(codec.encode(original));

        assertThat(decoded.id()).isEqualTo("0194f7a0-1c00-7abc-8def-0123456789ab");
        assertThat(decoded.source()).isEqualTo(URI.create("https://shop.example.com/warehouse"));
        assertThat(decoded.type()).isEqualTo("order.shipped");
        assertThat(decoded.time()).isEqualTo(Instant.parse("2026-02-11T15:30:00.123456789Z"));
        assertThat(decoded.subject()).isEqualTo("ord_456");
        assertThat(decoded.dataSchema()).isEqualTo(URI.create("https://eventflow.dev/schemas/order.shipped/v1.json"));
        assertThat(decoded.data()).isEqualTo(original.data());
        assertThat(decoded.data().path("customer").path("name").asText()).isEqualTo("Zoë Ünal ✓");
        assertThat(decoded.data().path("total").isTextual()).isTrue();
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void roundTripKeepsGeneratedDefaultsAndAbsentSubject() {
        Event original = Event.builder()
                .source("/tests")
                .type("user.signed_up")
                .data(json("{\"user_id\":\"usr_1\"}"))
                .build();

        Event decoded = codec.decode(codec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.time()).isEqualTo(original.time());
        assertThat(decoded.subject()).isNull();
    }

    @Test
    void encodesStructuredModeCloudEventWithInlineJsonData() {
        Event event = sampleEvent();

        JsonNode encoded = json(codec.encode(event));

        assertThat(encoded.path("specversion").asText()).isEqualTo("1.0");
        assertThat(encoded.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(encoded.path("id").asText()).isEqualTo(event.id());
        assertThat(encoded.path("source").asText()).isEqualTo("https://shop.example.com/warehouse");
        assertThat(encoded.path("type").asText()).isEqualTo("order.shipped");
        assertThat(encoded.path("subject").asText()).isEqualTo("ord_456");
        assertThat(encoded.path("dataschema").asText()).isEqualTo("https://eventflow.dev/schemas/order.shipped/v1.json");
        assertThat(encoded.path("time").asText()).endsWith("Z");
        assertThat(Instant.parse(encoded.path("time").asText())).isEqualTo(event.time());
        assertThat(encoded.has("data_base64")).as("data must not be base64-encoded").isFalse();
        assertThat(encoded.path("data").isObject()).as("data must be an inline JSON object").isTrue();
        assertThat(encoded.path("data")).isEqualTo(event.data());
    }

    @Test
    void encodesOneLine() {
        assertThat(codec.encode(sampleEvent())).doesNotContain("\n");
    }

    @ParameterizedTest
    @MethodSource("io.eventflow.testing.ExampleEvents#files")
    void everyExampleEventDecodes(Path file) {
        JsonNode raw = json(ExampleEvents.read(file));

        Event event = codec.decode(ExampleEvents.read(file));

        assertThat(event.id()).isEqualTo(raw.path("id").asText());
        assertThat(event.type()).isEqualTo(raw.path("type").asText());
        assertThat(event.source()).isEqualTo(URI.create(raw.path("source").asText()));
        assertThat(event.subject()).isEqualTo(raw.path("subject").asText());
        assertThat(event.time()).isEqualTo(Instant.parse(raw.path("time").asText()));
        assertThat(event.dataSchema()).isEqualTo(URI.create(raw.path("dataschema").asText()));
        assertThat(event.data()).isEqualTo(raw.path("data"));
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyBodyIsMalformed(String body) {
        assertThatThrownBy(() -> codec.decode(body))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void nullBodyIsMalformed() {
        assertThatThrownBy(() -> codec.decode(null))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        assertThatThrownBy(() -> codec.decode("not json"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("CloudEvents")
                .hasMessageContaining("not");
    }

    @Test
    void jsonThatIsNotACloudEventIsMalformed() {
        assertThatThrownBy(() -> codec.decode("{\"hello\":1}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("specversion");
    }

    @Test
    void jsonArrayIsMalformed() {
        assertThatThrownBy(() -> codec.decode("[" + cloudEvent() + "]"))
                .isInstanceOf(MalformedEventException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3", "2.0"})
    void otherSpecVersionsAreMalformed(String specVersion) {
        String text = cloudEvent("specversion", "\"" + specVersion + "\"");

        assertThatThrownBy(() -> codec.decode(text))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(specVersion);
    }

    @Test
    void missingTimeIsMalformed() {
        assertThatThrownBy(() -> codec.decode(cloudEvent("time", null)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("time")
                .hasMessageContaining("0194f7a0-1c00-7000-8000-00000000abcd");
    }

    @Test
    void unparsableTimeIsMalformed() {
        assertThatThrownBy(() -> codec.decode(cloudEvent("time", "\"yesterday\"")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("time");
    }

    @Test
    void nonJsonContentTypeIsMalformed() {
        String text = cloudEvent("datacontenttype", "\"text/plain\"", "data", "\"order ord_456 created\"");

        assertThatThrownBy(() -> codec.decode(text))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("text/plain")
                .hasMessageContaining("application/json");
    }

    @Test
    void missingDataIsMalformed() {
        assertThatThrownBy(() -> codec.decode(cloudEvent("data", null)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type"})
    void missingRequiredAttributeIsMalformed(String attribute) {
        assertThatThrownBy(() -> codec.decode(cloudEvent(attribute, null)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(attribute);
    }

    /** CloudEvents 1.0: id and type MUST be non-empty strings. */
    @ParameterizedTest
    @ValueSource(strings = {"id", "type"})
    void emptyRequiredAttributeIsMalformed(String attribute) {
        assertThatThrownBy(() -> codec.decode(cloudEvent(attribute, "\"\"")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(attribute);
    }

    @Test
    void absentContentTypeMeansJson() {
        Event event = codec.decode(cloudEvent("datacontenttype", null));

        assertThat(event.data()).isEqualTo(json("{\"order_id\":\"ord_456\"}"));
    }

    @Test
    void base64JsonDataIsAccepted() {
        // {"order_id":"ord_456"} in base64
        String text = cloudEvent("data", null, "data_base64", "\"eyJvcmRlcl9pZCI6Im9yZF80NTYifQ==\"");

        assertThat(codec.decode(text).data()).isEqualTo(json("{\"order_id\":\"ord_456\"}"));
    }

    @Test
    void base64DataThatIsNotJsonIsMalformed() {
        // "not json" in base64
        String text = cloudEvent("data", null, "data_base64", "\"bm90IGpzb24=\"");

        assertThatThrownBy(() -> codec.decode(text))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void timeWithOffsetIsReadAsTheSameInstant() {
        Event event = codec.decode(cloudEvent("time", "\"2026-02-11T11:00:00.250+02:00\""));

        assertThat(event.time()).isEqualTo(Instant.parse("2026-02-11T09:00:00.250Z"));
        assertThat(json(codec.encode(event)).path("time").asText()).startsWith("2026-02-11T09:00:00.25").endsWith("Z");
    }
}
