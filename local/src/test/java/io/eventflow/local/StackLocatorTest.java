package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.local.iam.CliPrincipal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Consumer names to queue URLs: from stack outputs, for a deployed stack and for the local session alike. */
@ExtendWith(AwsEmulatorExtension.class)
class StackLocatorTest {

    private static final String AWS = "https://sqs.eu-west-1.amazonaws.com/111122223333/";

    @Test
    void consumersComeFromQueueAndDeadLetterQueueOutputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("EventsTopicArn", "arn:aws:sns:eu-west-1:111122223333:prod-events");
        outputs.put("NotifierQueueUrl", AWS + "prod-notifier");
        outputs.put("NotifierDeadLetterQueueUrl", AWS + "prod-notifier-dlq");
        outputs.put("AnalyticsQueueUrl", AWS + "prod-analytics");
        outputs.put("AnalyticsDeadLetterQueueUrl", AWS + "prod-analytics-dlq");
        outputs.put("OrderAuditQueueUrl", AWS + "prod-order-audit");
        outputs.put("OrderAuditDeadLetterQueueUrl", AWS + "prod-order-audit-dlq");
        outputs.put("ScratchQueueUrl", AWS + "prod-scratch"); // no dead-letter queue: not a consumer
        outputs.put("IdempotencyTableName", "prod-idempotency");

        Map<String, ConsumerQueues> consumers = StackLocator.consumers(outputs);

        assertThat(consumers).containsExactly(
                Map.entry("notifier", new ConsumerQueues("notifier", AWS + "prod-notifier", AWS + "prod-notifier-dlq")),
                Map.entry("analytics", new ConsumerQueues("analytics", AWS + "prod-analytics", AWS + "prod-analytics-dlq")),
                Map.entry("order-audit", new ConsumerQueues("order-audit", AWS + "prod-order-audit", AWS + "prod-order-audit-dlq")));
        StackLocator.LocatedStack stack = new StackLocator.LocatedStack("prod", "test", null, outputs);
        assertThat(stack.topicArn()).endsWith(":prod-events");
        assertThatThrownBy(() -> stack.consumer("ledger"))
                .isInstanceOf(CommandException.class)
                .hasMessage("No consumer 'ledger' in stack prod; its consumers: notifier, analytics, order-audit");
    }

    @Test
    void theLocalSessionsNamesAreTheTemplatesOutputsOnItsEndpoint(AwsEmulator emulator, @TempDir Path dir) {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);

            try (StackLocator.LocatedStack stack = StackLocator.local(sessionFile, TestStacks.projectRoot().resolve("template.yaml"), CliPrincipal.OPERATOR)) {
                assertThat(stack.name()).isEqualTo(runner.stack().stackName());
                assertThat(stack.topicArn()).isEqualTo(runner.stack().ref("EventsTopic"));
                // The replay-jobs queue has a dead-letter queue too, operated with the same dlq commands.
                assertThat(stack.consumers()).containsOnlyKeys("notifier", "analytics", "ledger", "archiver", "replay-jobs");
                assertThat(stack.consumer("notifier")).isEqualTo(new ConsumerQueues("notifier",
                        runner.stack().ref("NotifierQueue"), runner.stack().ref("NotifierDeadLetterQueue")));
                assertThat(stack.outputs()).isEqualTo(runner.stack().outputs());
                // Its clients act as the operator's role, not as the session's administrator.
                try (StsClient sts = stack.clients().configure(StsClient.builder())) {
                    assertThat(sts.getCallerIdentity().arn()).contains(":assumed-role/" + runner.stack().stackName() + "-operator/");
                }
            }
        }
    }

    @Test
    void withoutARunningSessionOrItsStackTheErrorSaysSo(AwsEmulator emulator, @TempDir Path dir) throws Exception {
        Path template = TestStacks.projectRoot().resolve("template.yaml");
        Path sessionFile = dir.resolve("session.json");
        assertThatThrownBy(() -> StackLocator.local(sessionFile, template, CliPrincipal.OPERATOR))
                .isInstanceOf(CommandException.class).hasMessage("no local session: run ./eventflow up");

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new SessionFile(emulator.endpoint(), emulator.region(), "eventflow", ended.pid(), emulator.administrator().resolveCredentials()).write(sessionFile);
        assertThatThrownBy(() -> StackLocator.local(sessionFile, template, CliPrincipal.OPERATOR))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("no local session: run ./eventflow up")
                .hasMessageContaining("names process " + ended.pid() + ", which is not running");

        new SessionFile(emulator.endpoint(), emulator.region(), "never-provisioned", ProcessHandle.current().pid(), emulator.administrator().resolveCredentials()).write(sessionFile);
        assertThatThrownBy(() -> StackLocator.local(sessionFile, template, CliPrincipal.OPERATOR))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("No topic never-provisioned-events on this endpoint");
    }

    @Test
    void aDeployedStacksOutputsComeFromCloudFormation(AwsEmulator emulator) {
        String name = "t" + UUID.randomUUID().toString().substring(0, 8);
        String template = """
                Resources:
                  NotifierDeadLetterQueue:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: %1$s-notifier-dlq}
                  NotifierQueue:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: %1$s-notifier}
                Outputs:
                  NotifierQueueUrl: {Value: !Ref NotifierQueue}
                  NotifierDeadLetterQueueUrl: {Value: !Ref NotifierDeadLetterQueue}
                """.formatted(name);
        try (AwsClients clients = LocalRunner.emulatorClients(emulator.endpoint(), emulator.region(), emulator.administrator());
             CloudFormationClient cloudFormation = clients.configure(CloudFormationClient.builder())) {
            // Both emulators the project runs (moto, LocalStack) deploy plain CloudFormation templates.
            cloudFormation.createStack(request -> request.stackName(name).templateBody(template));

            StackLocator.LocatedStack stack = StackLocator.deployed(name, LocalRunner.emulatorClients(emulator.endpoint(), emulator.region(), emulator.administrator()));
            try (stack) {
                assertThat(stack.consumers()).containsOnlyKeys("notifier");
                assertThat(stack.consumer("notifier").queueUrl()).endsWith("/" + name + "-notifier");
                assertThat(stack.consumer("notifier").deadLetterQueueUrl()).endsWith("/" + name + "-notifier-dlq");
            }
            assertThatThrownBy(() -> StackLocator.deployed(name + "-missing", LocalRunner.emulatorClients(emulator.endpoint(), emulator.region(), emulator.administrator())))
                    .isInstanceOf(CommandException.class)
                    .hasMessageContaining("Cannot describe the stack " + name + "-missing");
        }
    }
}
