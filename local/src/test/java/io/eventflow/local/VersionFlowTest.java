package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SentEmail;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.notifier.NotifierHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * order.shipped v2 beside v1 through the whole stack: the notifier reads v2 (v1 upcast), analytics and the archiver
 * take both as written, and archived v1 events replayed into the v2 notifier are emailed.
 */
@ExtendWith(AwsEmulatorExtension.class)
class VersionFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();

    @Test
    void v2FlowsBesideV1AndOnlyTheNotifierSeesTheDifference(AwsEmulator emulator) {
        Event v1 = TestStacks.example("order.shipped").toBuilder().id(null).build();
        Event v2 = TestStacks.examples().stream()
                .filter(event -> event.dataSchema().equals(EventTypeRegistry.schemaUri("order.shipped", 2)))
                .findFirst().orElseThrow().toBuilder().id(null).build();
        assertThat(v1.dataSchema()).isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 1));
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            runner.publisher().publish(v1);
            runner.publisher().publish(v2);

            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).as("queues drained").isTrue();

            String sender = runner.stack().parameters().get("SenderEmail");
            assertThat(email(emulator, sender, "Your order ord_456 has shipped").body())
                    .contains("Tracking number: 1Z999AA10123456784").doesNotContain("In this parcel").doesNotContain("Estimated delivery");
            assertThat(email(emulator, sender, "Your order ord_457 has shipped").body())
                    .contains("In this parcel:\n  1 x The Pragmatic Programmer\n  2 x Coffee mug\n")
                    .contains("Estimated delivery: 2026-02-14");
            for (String consumer : List.of("notifier", "analytics", "archiver")) {
                assertThat(runner.counters().get(consumer).processed()).as(consumer).isEqualTo(2);
                assertThat(runner.counters().get(consumer).deadLettered()).as(consumer).isZero();
            }
            // v2 was shipped the day after v1: two days, one count each.
            assertThat(DailyTypeCounter.keyOf(v1)).isNotEqualTo(DailyTypeCounter.keyOf(v2));
            assertThat(count(runner, DailyTypeCounter.keyOf(v1))).isEqualTo(1);
            assertThat(count(runner, DailyTypeCounter.keyOf(v2))).isEqualTo(1);
            // The archive keeps each event as written: v1 stays v1, byte for byte what the publisher encoded.
            for (Event event : List.of(v1, v2)) {
                Map<String, AttributeValue> item = runner.clients().dynamoDb().getItem(request -> request
                        .tableName(runner.stack().ref("ArchiveTable"))
                        .key(Map.of(ArchiveItem.EVENT_ID, AttributeValue.fromS(event.id())))).item();
                assertThat(CODEC.decode(item.get(ArchiveItem.ENVELOPE).s())).isEqualTo(event);
            }
        }
    }

    @Test
    void archivedV1EventsReplayedIntoTheV2NotifierAreEmailed(AwsEmulator emulator, @TempDir Path dir) throws Exception {
        assertThat(NotifierHandler.READS.newest("order.shipped")).as("the notifier reads v2").hasValue(2);
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(),
                    emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            Instant day = Instant.parse("2026-03-01T08:00:00Z");
            List<Event> archived = IntStream.range(0, 5).mapToObj(i -> shippedV1("ord_v1r" + i, day.plusSeconds(60L * i))).toList();
            archive(runner, archived);
            int emailsBefore = emulator.sentEmails().size();

            CliRun run = CliRun.run(sessionFile, "replay", "--target", "notifier", "--type", "order.shipped",
                    "--from", "2026-03-01", "--to", "2026-03-02", "--json");

            assertThat(run.status()).as(run.err() + run.out()).isZero();
            JsonNode job = JSON.readTree(run.out());
            assertThat(job.path("state").asText()).isEqualTo("COMPLETED");
            assertThat(job.path("sent").asLong()).isEqualTo(archived.size());
            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(runner.counters().get("notifier").processed()).isEqualTo(archived.size());
            assertThat(runner.counters().get("notifier").deadLettered()).isZero();
            List<String> subjects = new ArrayList<>(emulator.sentEmails().subList(emailsBefore, emulator.sentEmails().size())
                    .stream().map(SentEmail::subject).toList());
            assertThat(subjects).containsExactlyInAnyOrderElementsOf(
                    archived.stream().map(event -> "Your order " + event.subject() + " has shipped").toList());
        }
    }

    /** The v1 example as another order, shipped at {@code time}. */
    private static Event shippedV1(String orderId, Instant time) {
        Event example = TestStacks.example("order.shipped");
        ObjectNode data = (ObjectNode) example.data();
        data.put("order_id", orderId);
        return example.toBuilder().id(null).subject(orderId).time(time).data(data).build();
    }

    private static SentEmail email(AwsEmulator emulator, String sender, String subject) {
        return emulator.sentEmails().stream().filter(email -> email.from().equals(sender) && email.subject().equals(subject))
                .reduce((first, second) -> {
                    throw new AssertionError("two emails '" + subject + "'");
                }).orElseThrow(() -> new AssertionError("no email '" + subject + "'"));
    }

    private static long count(LocalRunner runner, String key) {
        return Long.parseLong(runner.clients().dynamoDb().getItem(request -> request.tableName(runner.stack().ref("AnalyticsTable"))
                .key(Map.of("pk", AttributeValue.fromS(key)))).item().get("count").n());
    }

    /** Written as the archiver writes them, v1 as v1. */
    private static void archive(LocalRunner runner, List<Event> events) {
        List<WriteRequest> writes = events.stream().map(event -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(ArchiveItem.of(event, CODEC, Instant.now(), Duration.ZERO)).build()).build()).toList();
        runner.clients().dynamoDb().batchWriteItem(request -> request.requestItems(Map.of(runner.stack().ref("ArchiveTable"), writes)));
    }
}
