package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.local.iam.CliPrincipal;
import io.eventflow.local.iam.IamEnforcement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The emulator enforces IAM and every principal of a local stack holds only what the template gives it: each function
 * its own role (from the SAM translator's expansion of template.yaml), the CLI a producer or an operator role. Against
 * an {@code EVENTFLOW_AWS_ENDPOINT} that checks no permissions, the runner says so and runs as the administrator.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PermissionsTest {

    @Test
    void theProjectsEmulatorRefusesCredentialsNobodyWasGivenAndTheRunnerKnowsWhetherPermissionsAreChecked(AwsEmulator emulator) {
        boolean enforced = IamEnforcement.enforced(emulator.endpoint(), emulator.region());
        if (emulator.kind() == AwsEmulator.Kind.MOTO) {
            assertThat(enforced).isTrue();
        }
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            assertThat(runner.permissionsChecked()).isEqualTo(enforced);
            try (StsClient sts = runner.clients("analytics").configure(StsClient.builder())) {
                String caller = sts.getCallerIdentity().arn();
                if (enforced) {
                    assertThat(caller).contains(":assumed-role/" + runner.stack().stackName() + "-AnalyticsRole/");
                } else {
                    assertThat(caller).doesNotContain(":assumed-role/");
                }
            }
        }
    }

    @Test
    void eachFunctionIsRefusedWhatItsPolicyLeavesOut(AwsEmulator emulator) {
        if (nothingIsChecked(emulator)) {
            return;
        }
        LocalRunner runner = TestStacks.runner(emulator).build();
        // Only the ledger publishes derived events: the analytics role may not publish to the topic.
        Event event = TestStacks.example("order.created");
        assertThatThrownBy(() -> LocalRunner.publisher(runner.clients("analytics").sns(), runner.stack().ref("EventsTopic")).publish(event))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(refused -> assertThat(((AwsServiceException) refused).statusCode()).isEqualTo(403));
        // The notifier handles customers' addresses and must not read the ledger's events (no account-wide SQS policy).
        String ledgerQueue = runner.stack().ref("LedgerQueue");
        assertThatThrownBy(() -> runner.clients("notifier").sqs().receiveMessage(request -> request.queueUrl(ledgerQueue)))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(refused -> assertThat(((AwsServiceException) refused).statusCode()).isEqualTo(403));
        // Its own queue it may read.
        assertThat(runner.clients("notifier").sqs().receiveMessage(request -> request.queueUrl(runner.stack().ref("NotifierQueue")))
                .messages()).isEmpty();

        // A refusal anywhere fails the run that caused it, naming who was refused what.
        assertThatThrownBy(runner::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Requests were refused for lack of permission (2)")
                .hasMessageContaining(runner.stack().stackName() + "-analytics: Sns.Publish refused")
                .hasMessageContaining(runner.stack().stackName() + "-notifier: Sqs.ReceiveMessage refused");
    }

    @Test
    void theProducerMayPublishAndNothingElse(AwsEmulator emulator) {
        if (nothingIsChecked(emulator)) {
            return;
        }
        LocalRunner runner = TestStacks.runner(emulator).build();
        runner.publisher().publish(TestStacks.example("order.created").toBuilder().id(null).build());
        String archive = runner.stack().ref("ArchiveTable");
        assertThatThrownBy(() -> runner.clients(CliPrincipal.PRODUCER).dynamoDb()
                .getItem(request -> request.tableName(archive).key(Map.of("event_id", AttributeValue.fromS("x")))))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(refused -> assertThat(((AwsServiceException) refused).statusCode()).isEqualTo(403));
        // The operator reads dead letters but cannot publish events.
        assertThatThrownBy(() -> runner.clients(CliPrincipal.OPERATOR).sns()
                .publish(request -> request.topicArn(runner.stack().ref("EventsTopic")).message("{}")))
                .isInstanceOf(AwsServiceException.class);
        assertThatThrownBy(runner::close).hasMessageContaining("Requests were refused for lack of permission (2)");
    }

    /**
     * Whether the endpoint checks no permissions ({@code EVENTFLOW_AWS_ENDPOINT} at such an emulator): then what the
     * project's moto server refuses succeeds, and the run closes without a refusal.
     */
    private static boolean nothingIsChecked(AwsEmulator emulator) {
        if (IamEnforcement.enforced(emulator.endpoint(), emulator.region())) {
            return false;
        }
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            assertThat(runner.clients("notifier").sqs().receiveMessage(request -> request.queueUrl(runner.stack().ref("LedgerQueue")))
                    .messages()).isEmpty();
        }
        return true;
    }
}
