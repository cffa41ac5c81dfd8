package io.eventflow.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicResolverTest {

    private static final Map<String, String> PARAMETERS = Map.of("Exporter", "xray", "AWS::Region", "us-east-1");
    private static final Map<String, Object> CONDITIONS = Map.of(
            "ExportsToXray", Map.of("Fn::Equals", List.of(Map.of("Ref", "Exporter"), "xray")),
            "HasSecret", Map.of("Fn::Equals", List.of(Map.of("Ref", "Exporter"), "secret")));
    private static final Map<String, CreatedResource> CREATED = Map.of("Tracing", new CreatedResource("arn:policy/tracing", Map.of()));

    private final IntrinsicResolver resolver =
            new IntrinsicResolver(PARAMETERS, CREATED, new ConditionEvaluator(CONDITIONS, PARAMETERS));

    @Test
    void fnIfTakesTheBranchOfItsConditionAndNoValueLeavesTheEntryOut() {
        Object managed = List.of(
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                Map.of("Fn::If", List.of("ExportsToXray", Map.of("Ref", "Tracing"), Map.of("Ref", "AWS::NoValue"))),
                Map.of("Fn::If", List.of("HasSecret", "arn:secret-policy", Map.of("Ref", "AWS::NoValue"))));
        assertThat(resolver.resolve(managed))
                .isEqualTo(List.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:policy/tracing"));
        assertThat(resolver.resolve(Map.of("Sid", "x", "Condition", Map.of("Ref", "AWS::NoValue")))).isEqualTo(Map.of("Sid", "x"));
    }

    @Test
    void withoutConditionsFnIfIsRefusedAsBefore() {
        IntrinsicResolver plain = new IntrinsicResolver(PARAMETERS, CREATED);
        assertThatThrownBy(() -> plain.resolve(Map.of("Fn::If", List.of("ExportsToXray", "a", "b"))))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
