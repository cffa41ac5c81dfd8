package io.eventflow.event.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate's rules, one fixture per rule ({@code compatibility/narrowing.json}), each checked in every mode: rejected
 * in the direction the mode protects, with the rule and the JSON pointer, accepted in the other.
 */
class SchemaCompatibilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TYPE = "test.event";

    private static JsonNode fixtures(String file) {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/compatibility/" + file)) {
            return MAPPER.readTree(in).get("fixtures");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NavigableMap<Integer, JsonNode> history(JsonNode... versions) {
        NavigableMap<Integer, JsonNode> history = new TreeMap<>();
        for (int i = 0; i < versions.length; i++) {
            history.put(i + 1, versions[i]);
        }
        return history;
    }

    /** Each fixture of a file with each mode: name, mode, fixture. */
    private static Stream<Arguments> inEveryMode(String file) {
        return fixtures(file).properties().stream().flatMap(fixture -> Arrays.stream(CompatibilityMode.values())
                .map(mode -> Arguments.of(fixture.getKey(), mode, fixture.getValue())));
    }

    static Stream<Arguments> narrowingInEveryMode() {
        return inEveryMode("narrowing.json");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("narrowingInEveryMode")
    void aNarrowingIsRejectedWhereTheModeProtectsTheReaderAndAcceptedWhereNot(String rule, CompatibilityMode mode, JsonNode fixture) {
        JsonNode wider = fixture.get("wider");
        JsonNode narrower = fixture.get("narrower");
        String pointer = fixture.get("pointer").asText();

        List<Incompatibility> narrowed = SchemaCompatibility.check(TYPE, mode, history(wider, narrower));
        List<Incompatibility> widened = SchemaCompatibility.check(TYPE, mode, history(narrower, wider));

        if (mode.backward()) {
            assertThat(narrowed).as("a v2 reader that narrows v1").singleElement().satisfies(found -> {
                assertThat(found.rule().id()).isEqualTo(rule);
                assertThat(found.pointer()).isEqualTo(pointer);
                assertThat(found.readerVersion()).isEqualTo(2);
                assertThat(found.toString()).startsWith(TYPE + " v1 -> v2: " + pointer + ": " + rule + ": a v2 consumer");
            });
        } else {
            assertThat(narrowed).as("only forward is promised: a v1 reader reads every narrower v2 event").isEmpty();
        }
        if (mode.forward()) {
            assertThat(widened).as("a v1 reader narrower than v2").singleElement().satisfies(found -> {
                assertThat(found.rule().id()).isEqualTo(rule);
                assertThat(found.pointer()).isEqualTo(pointer);
                assertThat(found.readerVersion()).isEqualTo(1);
            });
        } else {
            assertThat(widened).as("only backward is promised: a wider v2 reads every v1 event").isEmpty();
        }
    }

    static Stream<Arguments> narrowings() {
        return fixtures("narrowing.json").properties().stream().map(fixture -> Arguments.of(fixture.getKey(), fixture.getValue()));
    }

    /** Each fixture's break is real, as a validator sees it, not only as the gate says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowings")
    void eachNarrowingHasAnEventTheWiderAcceptsAndTheNarrowerRefuses(String rule, JsonNode fixture) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonNode event = fixture.get("counterexample");

        assertThat(factory.getSchema(fixture.get("wider"), config).validate(event)).as("wider").isEmpty();
        assertThat(factory.getSchema(fixture.get("narrower"), config).validate(event)).as("narrower").isNotEmpty();
    }

    @Test
    void everyRuleThatProvesABreakHasAFixture() {
        List<String> proving = Arrays.stream(CompatibilityRule.values()).filter(r -> !r.refusal()).map(CompatibilityRule::id).toList();
        List<String> refusing = Arrays.stream(CompatibilityRule.values()).filter(CompatibilityRule::refusal).map(CompatibilityRule::id).toList();
        List<String> narrowing = fixtures("narrowing.json").properties().stream().map(e -> e.getKey()).toList();
        List<String> refused = fixtures("refused.json").properties().stream().map(e -> e.getValue().get("rule").asText()).distinct().toList();

        assertThat(narrowing).containsExactlyInAnyOrderElementsOf(proving);
        assertThat(refused).containsExactlyInAnyOrderElementsOf(refusing);
    }

    static Stream<Arguments> refusedInEveryMode() {
        return inEveryMode("refused.json");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("refusedInEveryMode")
    void whatTheGateDoesNotUnderstandFailsSafeInEveryMode(String name, CompatibilityMode mode, JsonNode fixture) {
        List<Incompatibility> found = SchemaCompatibility.check(TYPE, mode, history(fixture.get("earlier"), fixture.get("later")));

        assertThat(found).isNotEmpty().allSatisfy(incompatibility -> {
            assertThat(incompatibility.rule().id()).isEqualTo(fixture.get("rule").asText());
            assertThat(incompatibility.rule().refusal()).isTrue();
            assertThat(incompatibility.pointer()).isEqualTo(fixture.get("pointer").asText());
            assertThat(incompatibility.detail()).endsWith("not judged");
        });
    }

    static Stream<Arguments> compatibleInEveryMode() {
        return inEveryMode("compatible.json");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("compatibleInEveryMode")
    void anEquivalentChangePassesEveryMode(String name, CompatibilityMode mode, JsonNode fixture) {
        assertThat(SchemaCompatibility.check(TYPE, mode, history(fixture.get("earlier"), fixture.get("later")))).isEmpty();
        assertThat(SchemaCompatibility.check(TYPE, mode, history(fixture.get("later"), fixture.get("earlier")))).isEmpty();
    }

    @Test
    void aTransitiveModeChecksEveryEarlierVersionAPlainOneOnlyThePrevious() {
        JsonNode fixture = fixtures("narrowing.json").get("max-length-lowered");
        // v1 -> v2 breaks backward; v3 only retitles v2, so it breaks against v1 alone.
        ObjectNode v3 = fixture.get("narrower").deepCopy();
        v3.put("title", "v3");
        NavigableMap<Integer, JsonNode> versions = history(fixture.get("wider"), fixture.get("narrower"), v3);

        assertThat(SchemaCompatibility.check(TYPE, CompatibilityMode.BACKWARD, versions))
                .extracting(found -> found.earlier() + "->" + found.later()).containsExactly("1->2");
        assertThat(SchemaCompatibility.check(TYPE, CompatibilityMode.BACKWARD_TRANSITIVE, versions))
                .extracting(found -> found.earlier() + "->" + found.later()).containsExactly("1->2", "1->3");
    }

    @Test
    void aBreakInsideARecursiveSchemaIsFoundOnceAndTheWalkEnds() throws IOException {
        String tree = """
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{
                  "name":{"type":"string","maxLength":%d},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}""";

        assertThat(SchemaCompatibility.compare(TYPE, 1, MAPPER.readTree(tree.formatted(64)), 2, MAPPER.readTree(tree.formatted(32)),
                CompatibilityMode.BACKWARD))
                .extracting(found -> found.pointer() + " " + found.rule().id())
                .containsExactly("/properties/name/maxLength max-length-lowered");
    }

    @Test
    void everyWayAPairBreaksIsNamedNotOnlyTheFirst() throws IOException {
        JsonNode earlier = MAPPER.readTree("""
                {"type":"object","required":["id"],"properties":{"id":{"type":"string"},"n":{"type":"number"}}}""");
        JsonNode later = MAPPER.readTree("""
                {"type":"object","required":["id","n"],"additionalProperties":false,
                 "properties":{"id":{"type":"string","maxLength":10},"n":{"type":"integer"}}}""");

        assertThat(SchemaCompatibility.compare(TYPE, 1, earlier, 2, later, CompatibilityMode.BACKWARD))
                .extracting(found -> found.pointer() + " " + found.rule().id())
                .containsExactlyInAnyOrder("/required required-added", "/properties/id/maxLength max-length-lowered",
                        "/properties/n/type type-narrowed", "/additionalProperties additional-properties-closed");
    }
}
