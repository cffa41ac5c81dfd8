package io.eventflow.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConditionEvaluatorTest {

    // Short-form tags, as template.yaml writes them: SamTemplate turns them into the long form the evaluator reads.
    private static final String TEMPLATE = """
            Parameters:
              OpsEmail: {Type: String, Default: ""}
              Stage: {Type: String, Default: dev}
              Replicas: {Type: Number, Default: 3}
            Conditions:
              HasOpsEmail: !Not [!Equals [!Ref OpsEmail, ""]]
              IsProd: !Equals [prod, !Ref Stage]
              ThreeReplicas: !Equals [!Ref Replicas, "3"]
              InUsEast1: !Equals [!Ref "AWS::Region", us-east-1]
              ProdWithEmail: !And [!Condition IsProd, !Condition HasOpsEmail]
              ProdOrEmail: !Or [!Condition IsProd, !Condition HasOpsEmail, !Equals [a, b]]
              NotProdOrEmail: !Not [!Condition ProdOrEmail]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              Subscription:
                Type: AWS::SNS::Subscription
                Condition: HasOpsEmail
                Properties: {Protocol: email, TopicArn: !Ref Topic, Endpoint: !Ref OpsEmail}
            """;

    @TempDir
    Path directory;

    @Test
    void evaluatesTheTemplatesConditionsWithDefaults() throws IOException {
        ConditionEvaluator conditions = evaluator(Map.of());

        assertThat(conditions.isTrue("HasOpsEmail")).isFalse();
        assertThat(conditions.isTrue("IsProd")).isFalse();
        assertThat(conditions.isTrue("ThreeReplicas")).as("a Number parameter compares as text").isTrue();
        assertThat(conditions.isTrue("InUsEast1")).as("pseudo parameters").isTrue();
        assertThat(conditions.isTrue("ProdWithEmail")).isFalse();
        assertThat(conditions.isTrue("ProdOrEmail")).isFalse();
        assertThat(conditions.isTrue("NotProdOrEmail")).isTrue();
    }

    @Test
    void parameterOverridesChangeTheOutcome() throws IOException {
        ConditionEvaluator conditions = evaluator(Map.of("OpsEmail", "ops@example.com", "Stage", "prod"));

        assertThat(conditions.isTrue("HasOpsEmail")).isTrue();
        assertThat(conditions.isTrue("IsProd")).isTrue();
        assertThat(conditions.isTrue("ProdWithEmail")).isTrue();
        assertThat(conditions.isTrue("ProdOrEmail")).isTrue();
        assertThat(conditions.isTrue("NotProdOrEmail")).isFalse();
    }

    @Test
    void orNeedsOnlyOneTrueOperand() throws IOException {
        ConditionEvaluator conditions = evaluator(Map.of("OpsEmail", "ops@example.com"));

        assertThat(conditions.isTrue("ProdWithEmail")).isFalse();
        assertThat(conditions.isTrue("ProdOrEmail")).isTrue();
    }

    @Test
    void keepsAResourcesTopLevelCondition() throws IOException {
        SamTemplate template = SamTemplate.read(write());

        assertThat(template.resources().get("Subscription").condition()).isEqualTo("HasOpsEmail");
        assertThat(template.resources().get("Topic").condition()).isNull();
    }

    @Test
    void refusesWhatCloudFormationWouldRefuse() {
        Map<String, String> parameters = Map.of("Stage", "dev");

        assertThatThrownBy(() -> new ConditionEvaluator(Map.of(), parameters).isTrue("Missing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No condition Missing");
        assertThatThrownBy(() -> new ConditionEvaluator(Map.of("C", Map.of("Fn::Equals", List.of(Map.of("Ref", "Queue"), "x"))),
                parameters).isTrue("C"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ref Queue is not a parameter");
        assertThatThrownBy(() -> new ConditionEvaluator(Map.of("C", Map.of("Fn::Equals", List.of("x"))), parameters).isTrue("C"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fn::Equals takes a list of 2 operands");
        assertThatThrownBy(() -> new ConditionEvaluator(Map.of("C", Map.of("Fn::And", List.of(Map.of("Condition", "D")))),
                parameters).isTrue("C"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fn::And takes a list of 2 to 10 operands");
        assertThatThrownBy(() -> new ConditionEvaluator(Map.of("C", true), parameters).isTrue("C"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected Fn::Equals");
    }

    @Test
    void refusesACycle() {
        Map<String, Object> cyclic = Map.of(
                "A", Map.of("Fn::Not", List.of(Map.of("Condition", "B"))),
                "B", Map.of("Fn::Not", List.of(Map.of("Condition", "A"))));

        assertThatThrownBy(() -> new ConditionEvaluator(cyclic, Map.of()).isTrue("A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle: A -> B -> A");
    }

    @Test
    void namesAnUnsupportedIntrinsic() {
        Map<String, Object> conditions = Map.of(
                "C", Map.of("Fn::Equals", List.of(Map.of("Fn::Select", List.of(0, List.of("a"))), "a")),
                "D", Map.of("Fn::Contains", List.of(List.of("a"), "a")),
                "Unused", Map.of("Fn::Contains", List.of(List.of("a"), "a")),
                "E", Map.of("Fn::Equals", List.of("a", "a")));
        ConditionEvaluator evaluator = new ConditionEvaluator(conditions, Map.of());

        assertThatThrownBy(() -> evaluator.isTrue("C"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Fn::Select");
        assertThatThrownBy(() -> evaluator.isTrue("D"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Fn::Contains");
        assertThat(evaluator.isTrue("E")).as("a condition nobody asks about does not matter").isTrue();
    }

    private ConditionEvaluator evaluator(Map<String, String> overrides) throws IOException {
        SamTemplate template = SamTemplate.read(write());
        Map<String, String> parameters = new HashMap<>(template.parameterDefaults());
        parameters.putAll(overrides);
        parameters.put("AWS::Region", "us-east-1");
        return new ConditionEvaluator(template.conditions(), parameters);
    }

    private Path write() throws IOException {
        return Files.writeString(directory.resolve("template.yaml"), TEMPLATE);
    }
}
