package io.eventflow.event;

import io.eventflow.testing.ExampleEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.fromClasspath();

    private final EventValidator validator = new EventValidator(REGISTRY);
    private final EventCodec codec = new EventCodec();

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode orderCreatedData() {
        return (ObjectNode) json("""
                {"order_id":"ord_456","customer":{"id":"usr_789","email":"user@example.com"},
                 "items":[{"sku":"SKU-1","quantity":2,"unit_price":"49.99"}],"total":"99.98","currency":"USD"}""");
    }

    private static ObjectNode depositData(JsonNode amount) {
        ObjectNode data = (ObjectNode) json("{\"account_id\":\"acc_123\",\"currency\":\"USD\",\"reference\":\"paycheck\"}");
        data.set("amount", amount);
        return data;
    }

    private static Event event(String type, JsonNode data) {
        return Event.builder().source("https://tests.example.com").type(type).subject("s").data(data).build();
    }

    private List<SchemaViolation> violationsOf(Event event) {
        InvalidEventException thrown = catchThrowableOfType(InvalidEventException.class, () -> validator.validate(event));
        assertThat(thrown).as("%s with data %s must be refused", event.type(), event.data()).isNotNull();
        assertThat(thrown.violations()).isNotEmpty();
        return thrown.violations();
    }

    @ParameterizedTest
    @MethodSource("io.eventflow.testing.ExampleEvents#files")
    void everyExampleEventValidates(Path file) {
        Event event = codec.decode(ExampleEvents.read(file));

        assertThatCode(() -> validator.validate(event)).doesNotThrowAnyException();
    }

    @Test
    void everyCatalogTypeAndVersionHasAnExample() {
        EventTypeRegistry registry = EventTypeRegistry.fromClasspath();
        List<String> examples = ExampleEvents.files().stream().map(f -> codec.decode(ExampleEvents.read(f)))
                .map(e -> e.type() + " v" + registry.versionOf(e.type(), e.dataSchema()).orElseThrow()).toList();
        List<String> published = catalogTypes().stream()
                .flatMap(type -> registry.versions(type).keySet().stream().map(version -> type + " v" + version)).toList();

        assertThat(examples).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void missingRequiredFieldIsReportedWithItsPathUnderData() {
        ObjectNode data = orderCreatedData();
        ((ObjectNode) data.get("customer")).remove("email");

        List<SchemaViolation> violations = violationsOf(event("order.created", data));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("required");
            assertThat(violation.field()).isEqualTo("$.data.customer.email");
            assertThat(violation.message()).contains("email");
        });
    }

    @Test
    void missingTopLevelRequiredFieldIsReportedUnderData() {
        ObjectNode data = orderCreatedData();
        data.remove("order_id");

        List<SchemaViolation> violations = violationsOf(event("order.created", data));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("required");
            assertThat(violation.field()).isEqualTo("$.data.order_id");
            assertThat(violation.message()).contains("order_id");
        });
    }

    @Test
    void badEmailBreaksTheFormatRule() {
        ObjectNode data = orderCreatedData();
        ((ObjectNode) data.get("customer")).put("email", "not-an-email");

        List<SchemaViolation> violations = violationsOf(event("order.created", data));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("format");
            assertThat(violation.field()).isEqualTo("$.data.customer.email");
        });
    }

    @Test
    void badEmailInUserSignedUpIsRefusedToo() {
        ObjectNode data = (ObjectNode) json("{\"user_id\":\"usr_1\",\"email\":\"robin at example\",\"name\":\"Robin\"}");

        assertThat(violationsOf(event("user.signed_up", data)))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.rule()).isEqualTo("format");
                    assertThat(violation.field()).endsWith("email");
                });
    }

    @Test
    void floatAmountIsRefused() {
        Event event = codec.decode("""
                {"specversion":"1.0","id":"0194f7a0-1c00-7000-8000-000000000099","source":"https://bank.example.com/accounts",
                 "type":"deposit.made","time":"2026-02-02T10:00:00Z","subject":"acc_123",
                 "dataschema":"https://eventflow.dev/schemas/deposit.made/v1.json","datacontenttype":"application/json",
                 "data":{"account_id":"acc_123","amount":75.00,"currency":"USD"}}""");

        List<SchemaViolation> violations = violationsOf(event);

        assertThat(violations).allSatisfy(violation -> assertThat(violation.field()).endsWith("amount"));
        assertThat(violations).anySatisfy(violation -> {
            assertThat(violation.rule()).isEqualTo("type");
            assertThat(violation.message()).contains("string");
        });
    }

    @Test
    void integerAmountIsRefused() {
        List<SchemaViolation> violations = violationsOf(event("deposit.made", depositData(json("75"))));

        assertThat(violations).allSatisfy(violation -> assertThat(violation.field()).endsWith("amount"));
        assertThat(violations).extracting(SchemaViolation::rule).contains("type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.00", "0", "0.0000", "-5.00", "1e3", "", "12.34567", "007"})
    void nonPositiveOrMalformedDepositAmountIsRefused(String amount) {
        List<SchemaViolation> violations = violationsOf(event("deposit.made", depositData(json("\"" + amount + "\""))));

        assertThat(violations).allSatisfy(violation -> assertThat(violation.field()).endsWith("amount"));
    }

    @Test
    void zeroDepositBreaksTheNotRule() {
        assertThat(violationsOf(event("deposit.made", depositData(json("\"0.00\"")))))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.rule()).isEqualTo("not");
                    assertThat(violation.field()).endsWith("amount");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01", "1", "75.00", "1000000.1234"})
    void positiveDepositAmountIsAccepted(String amount) {
        Event event = event("deposit.made", depositData(json("\"" + amount + "\"")));

        assertThatCode(() -> validator.validate(event)).doesNotThrowAnyException();
    }

    @Test
    void everyViolationIsReportedNotOnlyTheFirst() {
        ObjectNode data = orderCreatedData();
        data.remove("order_id");
        data.put("currency", "usd");
        data.put("total", 99.98);
        ((ObjectNode) data.get("customer")).put("email", "nope");
        ((ObjectNode) data.get("items").get(0)).put("quantity", 0);

        List<SchemaViolation> violations = violationsOf(event("order.created", data));

        assertThat(violations).hasSize(5);
        assertThat(violations).extracting(SchemaViolation::rule)
                .containsExactlyInAnyOrder("required", "pattern", "type", "format", "minimum");
        assertThat(violations).anySatisfy(v -> assertThat(v.message()).contains("order_id"));
        assertThat(violations).anySatisfy(v -> assertThat(v.field()).endsWith("currency"));
        assertThat(violations).anySatisfy(v -> assertThat(v.field()).endsWith("total"));
        assertThat(violations).anySatisfy(v -> assertThat(v.field()).endsWith("email"));
        assertThat(violations).anySatisfy(v -> assertThat(v.field()).endsWith("quantity"));
    }

    @Test
    void exceptionMessageNamesTypeIdAndEveryViolation() {
        ObjectNode data = orderCreatedData();
        data.put("currency", "usd");
        ((ObjectNode) data.get("customer")).put("email", "nope");
        Event event = event("order.created", data);

        InvalidEventException thrown = catchThrowableOfType(InvalidEventException.class, () -> validator.validate(event));

        assertThat(thrown).isNotNull();
        assertThat(thrown.getMessage()).contains("order.created", event.id(), "currency", "email");
    }

    @Test
    void additionalPropertyIsRefused() {
        ObjectNode data = orderCreatedData();
        data.put("coupon", "FREE");

        assertThat(violationsOf(event("order.created", data)))
                .singleElement()
                .satisfies(violation -> assertThat(violation.message()).contains("coupon"));
    }

    @Test
    void unknownTypeIsReportedOnTypeNamingTheKnownTypes() {
        Event event = event("order.teleported", orderCreatedData());

        assertThat(violationsOf(event)).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("$.type");
            assertThat(violation.message()).contains("order.teleported");
            assertThat(violation.message()).contains(catalogTypes());
        });
    }

    @Test
    void unknownSchemaVersionIsRefused() {
        Event event = Event.builder()
                .source("https://tests.example.com")
                .type("order.created")
                .dataSchema(URI.create("https://eventflow.dev/schemas/order.created/v9.json"))
                .data(orderCreatedData())
                .build();

        assertThat(violationsOf(event)).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("$.dataschema");
            assertThat(violation.message()).contains("v9.json");
        });
    }

    @Test
    void dataThatIsNotAnObjectIsRefused() {
        assertThat(violationsOf(event("order.created", json("\"ord_456\""))))
                .extracting(SchemaViolation::rule)
                .contains("type");
    }

    @Test
    void validatorIsReusableAcrossEventsOfTheSameType() {
        ObjectNode bad = orderCreatedData();
        bad.put("currency", "usd");

        assertThatCode(() -> validator.validate(event("order.created", orderCreatedData()))).doesNotThrowAnyException();
        assertThat(violationsOf(event("order.created", bad))).hasSize(1);
        assertThatCode(() -> validator.validate(event("order.created", orderCreatedData()))).doesNotThrowAnyException();
    }

    /** The event types listed in the repository's catalog, read independently of {@link EventTypeRegistry}. */
    private static List<String> catalogTypes() {
        List<String> types = new ArrayList<>();
        json(ExampleEvents.read(ExampleEvents.catalogFile())).path("types").fieldNames().forEachRemaining(types::add);
        assertThat(types).isNotEmpty();
        return types;
    }
}
