package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.archive.ArchiveQuery;
import io.eventflow.archive.ArchiveReader;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SentEmail;
import io.eventflow.event.Event;
import io.eventflow.publish.EventPublisher;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** One event through the whole path: publisher -> SNS -> filtered SQS subscriptions -> each consumer's handler. */
@ExtendWith(AwsEmulatorExtension.class)
class EndToEndTest {

    @Test
    void anOrderShippedPublishedTwiceSendsOneEmailAndCountsOnce(AwsEmulator emulator) {
        Event shipped = TestStacks.example("order.shipped").toBuilder().id(null).build(); // a fresh id per run
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            EventPublisher publisher = runner.publisher();
            publisher.publish(shipped);
            publisher.publish(shipped);

            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).as("queues drained").isTrue();

            List<SentEmail> emails = emulator.sentEmails().stream()
                    .filter(email -> email.subject().equals("Your order ord_456 has shipped"))
                    .filter(email -> email.from().equals(runner.stack().parameters().get("SenderEmail")))
                    .toList();
            assertThat(emails).hasSize(1);
            assertThat(emails.getFirst().to()).containsExactly("user@example.com");
            assertThat(emails.getFirst().body()).contains("UPS").contains("1Z999AA10123456784");

            ConsumerCounters notifier = runner.counters().get("notifier");
            assertThat(notifier.received()).isEqualTo(2);
            assertThat(notifier.processed()).isEqualTo(1);
            assertThat(notifier.duplicates()).isEqualTo(1);

            Map<String, AttributeValue> counter = runner.clients().dynamoDb().getItem(request -> request
                    .tableName(runner.stack().ref("AnalyticsTable"))
                    .key(Map.of("pk", AttributeValue.fromS(DailyTypeCounter.keyOf(shipped))))).item();
            assertThat(counter.get("count").n()).isEqualTo("1");
            assertThat(runner.counters().get("analytics").duplicates()).isEqualTo(1);
        }
    }

    @Test
    void anEventPublishedTwiceIsArchivedOnceAndReadBackFromItsWindow(AwsEmulator emulator) {
        Event created = TestStacks.example("order.created").toBuilder().id(null).build();
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            runner.publisher().publish(created);
            runner.publisher().publish(created);

            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).as("queues drained").isTrue();

            String table = runner.stack().ref("ArchiveTable");
            List<Map<String, AttributeValue>> archived = runner.clients().dynamoDb().scan(request -> request.tableName(table)).items();
            assertThat(archived).singleElement().satisfies(item -> {
                assertThat(item.get(ArchiveItem.EVENT_ID).s()).isEqualTo(created.id());
                assertThat(item.get(ArchiveItem.TYPE_DAY).s()).isEqualTo(ArchiveItem.typeDay(created.type(), LocalDate.ofInstant(created.time(), ZoneOffset.UTC)));
                assertThat(item).containsKey(ArchiveItem.EXPIRES_AT); // ArchiveRetentionDays defaults to 365
            });
            ConsumerCounters archiver = runner.counters().get("archiver");
            assertThat(archiver.processed()).isEqualTo(1);
            assertThat(archiver.duplicates()).isEqualTo(1);

            ArchiveReader reader = ArchiveReader.builder().dynamoDbClient(runner.clients().dynamoDb()).tableName(table).build();
            assertThat(reader.read(ArchiveQuery.builder().types("order.created", "order.shipped")
                    .from(created.time()).to(created.time().plusSeconds(1)).subject(created.subject()).build()).toList())
                    .containsExactly(created);
        }
    }

    @Test
    void theFilterPolicyKeepsAccountEventsAwayFromTheNotifier(AwsEmulator emulator) {
        // Not started: the messages stay in the queues where the subscriptions put them.
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            runner.publisher().publish(TestStacks.example("account.opened").toBuilder().id(null).build());
            runner.publisher().publish(TestStacks.example("user.signed_up").toBuilder().id(null).build());

            List<Message> analytics = receiveAll(runner, runner.stack().ref("AnalyticsQueue"), 2);
            List<Message> notifier = receiveAll(runner, runner.stack().ref("NotifierQueue"), 1);

            assertThat(analytics).extracting(m -> m.messageAttributes().get("type").stringValue())
                    .containsExactlyInAnyOrder("account.opened", "user.signed_up");
            assertThat(notifier).extracting(m -> m.messageAttributes().get("type").stringValue())
                    .containsExactly("user.signed_up");
        }
    }

    /** Receives until {@code expected} messages arrived, then once more to prove nothing else is there. */
    private static List<Message> receiveAll(LocalRunner runner, String queueUrl, int expected) {
        List<Message> received = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 10 && received.size() < expected; attempt++) {
            received.addAll(runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages());
        }
        received.addAll(runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages());
        return received;
    }
}
