package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@ExtendWith(AwsEmulatorExtension.class)
class StackProvisionerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createsWhatTheTemplateDeclares(AwsEmulator emulator) throws Exception {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            ProvisionedStack stack = runner.stack();
            String name = stack.stackName();

            assertThat(stack.ref("EventsTopic")).endsWith(":" + name + "-events");
            assertThat(stack.functions()).extracting(FunctionDefinition::logicalId).containsExactly(
                    "NotifierFunction", "AnalyticsFunction", "LedgerFunction", "ArchiverFunction", "ReplayerFunction");
            assertThat(stack.consumers()).as("the replayer consumes replay jobs, not events")
                    .extracting(FunctionDefinition::consumerName).containsExactly("notifier", "analytics", "ledger", "archiver");
            assertThat(stack.notEmulated()).containsEntry("NotifierQueuePolicy", "AWS::SQS::QueuePolicy")
                    .containsEntry("OpsTopicPolicy", "AWS::SNS::TopicPolicy")
                    .containsEntry("NotifierDeadLetterQueueAlarm", "AWS::CloudWatch::Alarm")
                    .containsEntry("AnalyticsDeadLetterQueueAgeAlarm", "AWS::CloudWatch::Alarm")
                    .containsEntry("ArchiverDeadLetterQueueAlarm", "AWS::CloudWatch::Alarm");

            // The alarms' topic exists; with OpsEmail at its default (empty) no email is subscribed to it.
            assertThat(stack.ref("OpsTopic")).endsWith(":" + name + "-ops");
            assertThat(runner.clients().sns().listSubscriptionsByTopic(request -> request.topicArn(stack.ref("OpsTopic")))
                    .subscriptions()).isEmpty();
            assertThat(stack.skipped()).containsOnly(entry("OpsEmailSubscription", "condition HasOpsEmail is false"),
                    entry("TracingPolicy", "condition NeedsTracingPolicy is false"));
            assertThat(stack.resources()).doesNotContainKey("OpsEmailSubscription");
            assertThat(stack.outputs())
                    .containsEntry("EventsTopicArn", stack.ref("EventsTopic"))
                    .containsEntry("NotifierDeadLetterQueueUrl", stack.ref("NotifierDeadLetterQueue"))
                    .containsEntry("AnalyticsFunctionName", name + "-analytics")
                    .containsEntry("ArchiverFunctionName", name + "-archiver")
                    .containsEntry("ArchiverQueueUrl", stack.ref("ArchiverQueue"))
                    .containsEntry("ArchiverDeadLetterQueueUrl", stack.ref("ArchiverDeadLetterQueue"))
                    .containsEntry("ArchiveTableName", name + "-archive")
                    .containsEntry("OpsTopicArn", stack.ref("OpsTopic"));

            for (String consumer : List.of("Notifier", "Analytics", "Ledger", "Archiver")) {
                Map<QueueAttributeName, String> queue = runner.clients().sqs().getQueueAttributes(request -> request
                        .queueUrl(stack.ref(consumer + "Queue")).attributeNames(QueueAttributeName.ALL)).attributes();
                JsonNode redrive = JSON.readTree(queue.get(QueueAttributeName.REDRIVE_POLICY));
                assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(stack.attribute(consumer + "DeadLetterQueue", "Arn"));
                assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
                assertThat(Integer.parseInt(queue.get(QueueAttributeName.VISIBILITY_TIMEOUT)))
                        .isGreaterThanOrEqualTo(6 * (int) stack.function(consumer.toLowerCase()).orElseThrow().timeout().toSeconds());
            }

            List<Subscription> subscriptions = runner.clients().sns()
                    .listSubscriptionsByTopic(request -> request.topicArn(stack.ref("EventsTopic"))).subscriptions();
            assertThat(subscriptions).hasSize(4);
            for (Subscription subscription : subscriptions) {
                Map<String, String> attributes = runner.clients().sns()
                        .getSubscriptionAttributes(request -> request.subscriptionArn(subscription.subscriptionArn())).attributes();
                assertThat(attributes).containsEntry("RawMessageDelivery", "true");
                JsonNode filter = JSON.readTree(attributes.get("FilterPolicy"));
                if (subscription.endpoint().equals(stack.attribute("NotifierQueue", "Arn"))) {
                    assertThat(filter.path("type").toString()).isEqualTo("[\"order.shipped\",\"user.signed_up\",\"account.overdrawn\"]");
                } else if (subscription.endpoint().equals(stack.attribute("LedgerQueue", "Arn"))) {
                    assertThat(filter.path("type").toString()).isEqualTo("[\"account.opened\",\"deposit.made\",\"withdrawal.made\"]");
                } else {
                    assertThat(subscription.endpoint()).isIn(stack.attribute("AnalyticsQueue", "Arn"), stack.attribute("ArchiverQueue", "Arn"));
                    assertThat(filter.path("type").path(0).path("exists").asBoolean()).isTrue();
                }
            }

            TableDescription idempotency = runner.clients().dynamoDb()
                    .describeTable(request -> request.tableName(stack.ref("IdempotencyTable"))).table();
            assertThat(idempotency.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("id"));
            assertThat(runner.clients().dynamoDb().describeTimeToLive(request -> request.tableName(stack.ref("IdempotencyTable")))
                    .timeToLiveDescription()).satisfies(ttl -> {
                        assertThat(ttl.attributeName()).isEqualTo("expires_at");
                        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
                    });
            TableDescription archive = runner.clients().dynamoDb()
                    .describeTable(request -> request.tableName(stack.ref("ArchiveTable"))).table();
            assertThat(archive.keySchema()).singleElement().satisfies(key -> assertThat(key.attributeName()).isEqualTo("event_id"));
            assertThat(archive.globalSecondaryIndexes()).singleElement().satisfies(index -> {
                assertThat(index.indexName()).isEqualTo("by_type_day");
                assertThat(index.keySchema()).extracting(key -> key.attributeName()).containsExactly("type_day", "time_id");
                assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
            });
            assertThat(runner.clients().dynamoDb().describeTimeToLive(request -> request.tableName(stack.ref("ArchiveTable")))
                    .timeToLiveDescription().attributeName()).isEqualTo("expires_at");
            TableDescription ledger = runner.clients().dynamoDb()
                    .describeTable(request -> request.tableName(stack.ref("LedgerTable"))).table();
            assertThat(ledger.localSecondaryIndexes()).singleElement().satisfies(index -> {
                assertThat(index.indexName()).isEqualTo("by_time");
                assertThat(index.keySchema()).extracting(key -> key.attributeName()).containsExactly("account_id", "time_ms");
                assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
            });
            assertThat(stack.function("ledger").orElseThrow().environment())
                    .containsEntry("EVENTFLOW_LEDGER_TABLE", stack.ref("LedgerTable"))
                    .containsEntry("EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL", "100");
            assertThat(stack.outputs()).containsEntry("LedgerSnapshotInterval", "100");
            assertThat(stack.function("archiver").orElseThrow().environment())
                    .containsEntry("EVENTFLOW_ARCHIVE_TABLE", stack.ref("ArchiveTable"))
                    .containsEntry("EVENTFLOW_ARCHIVE_RETENTION_DAYS", "365")
                    .containsEntry("EVENTFLOW_CONSUMER", "archiver");
            assertThat(stack.function("notifier").orElseThrow().environment())
                    .containsEntry("EVENTFLOW_IDEMPOTENCY_TABLE", stack.ref("IdempotencyTable"))
                    .containsEntry("EVENTFLOW_CONSUMER", "notifier")
                    // Globals' variables merged with the function's own, as SAM does.
                    .containsEntry("EVENTFLOW_TRACES_EXPORTER", "otlp")
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "")
                    .containsEntry("EVENTFLOW_OTLP_HEADERS_SECRET_ARN", "");
        }
    }

    @Test
    void subscribesTheOpsEmailWhenOneIsGiven(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).parameter("OpsEmail", "ops@example.com").build()) {
            ProvisionedStack stack = runner.stack();

            assertThat(stack.skipped()).containsOnlyKeys("TracingPolicy");
            assertThat(stack.resources()).containsKey("OpsEmailSubscription");
            assertThat(runner.clients().sns().listSubscriptionsByTopic(request -> request.topicArn(stack.ref("OpsTopic")))
                    .subscriptions()).singleElement().satisfies(subscription -> {
                        assertThat(subscription.protocol()).isEqualTo("email");
                        assertThat(subscription.endpoint()).isEqualTo("ops@example.com");
                    });
            // The events topic's subscriptions are untouched by the ops email.
            assertThat(runner.clients().sns().listSubscriptionsByTopic(request -> request.topicArn(stack.ref("EventsTopic")))
                    .subscriptions()).extracting(Subscription::protocol).containsOnly("sqs");
        }
    }
}
