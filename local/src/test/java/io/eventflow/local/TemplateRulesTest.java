package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.local.template.SamTemplate;
import io.eventflow.local.template.TemplateResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml must say for a deployed stack to behave as the tests do: Lambda's platform rules and data that
 * survives. (cfn-lint, sam validate and checkov check the rest in .ci/check-template.)
 */
class TemplateRulesTest {

    private static final SamTemplate TEMPLATE = SamTemplate.read(TestStacks.projectRoot().resolve("template.yaml"));
    private static final Map<String, TemplateResource> RESOURCES = TEMPLATE.resources();

    @Test
    void everyFunctionHasItsOwnRoleLogGroupAndAlarms() {
        List<TemplateResource> functions = ofType("AWS::Serverless::Function");
        assertThat(functions).hasSize(5);
        for (TemplateResource function : functions) {
            String prefix = function.logicalId().replace("Function", "");
            // An explicit role: SAM would otherwise attach AWSLambdaSQSQueueExecutionRole (every queue of the account).
            assertThat(function.properties()).doesNotContainKey("Policies")
                    .containsEntry("Role", Map.of("Fn::GetAtt", List.of(prefix + "Role", "Arn")));
            assertThat(RESOURCES.get(prefix + "Role").type()).isEqualTo("AWS::IAM::Role");
            assertThat(SamTemplate.cast(function.properties().get("LoggingConfig")))
                    .containsEntry("LogGroup", Map.of("Ref", prefix + "LogGroup"));
            assertThat(RESOURCES.get(prefix + "LogGroup").properties())
                    .containsEntry("RetentionInDays", Map.of("Ref", "LogRetentionDays"));
            assertThat(metric(prefix + "ErrorsAlarm")).isEqualTo("AWS/Lambda:Errors");
            assertThat(metric(prefix + "ThrottlesAlarm")).isEqualTo("AWS/Lambda:Throttles");
            assertThat(metric(prefix + "QueueAgeAlarm")).isEqualTo("AWS/SQS:ApproximateAgeOfOldestMessage");
        }
    }

    @Test
    void theReplayerMayContinueItselfWithinAReservedConcurrency() {
        Map<String, Object> replayer = RESOURCES.get("ReplayerFunction").properties();
        assertThat(replayer).containsEntry("RecursiveLoop", "Allow")
                .containsEntry("ReservedConcurrentExecutions", Map.of("Ref", "ReplayerReservedConcurrency"));
    }

    @Test
    void theSystemsOfRecordOutliveTheStackAndSourceQueuesKeepMessagesAsLongAsTheirDeadLetterQueues() {
        for (String table : List.of("LedgerTable", "ArchiveTable", "AnalyticsTable")) {
            Map<String, Object> resource = SamTemplate.cast(SamTemplate.cast(TEMPLATE.document().get("Resources")).get(table));
            assertThat(resource).as(table).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
            assertThat(RESOURCES.get(table).properties()).as(table).containsEntry("DeletionProtectionEnabled", true)
                    .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
        }
        for (TemplateResource queue : ofType("AWS::SQS::Queue")) {
            assertThat(String.valueOf(queue.properties().get("MessageRetentionPeriod"))).as(queue.logicalId()).isEqualTo("1209600");
        }
    }

    private static List<TemplateResource> ofType(String type) {
        return RESOURCES.values().stream().filter(resource -> resource.type().equals(type)).toList();
    }

    private static String metric(String alarm) {
        Map<String, Object> properties = RESOURCES.get(alarm).properties();
        return properties.get("Namespace") + ":" + properties.get("MetricName");
    }
}
