package io.eventflow.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.testing.RequestRecorder;
import io.eventflow.testing.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Windows of an archive of 210 events over three UTC days, three types and four subjects, read back on the emulator. */
@ExtendWith(AwsEmulatorExtension.class)
class ArchiveReaderTest {

    private static final Instant DAY_ONE = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> TYPES = List.of("order.created", "order.shipped", "user.signed_up");
    private static final List<String> SUBJECTS = List.of("ord_1", "ord_2", "ord_3", "usr_1");
    private static final EventCodec CODEC = new EventCodec();

    private static AwsEmulator emulator;
    private static AwsClients clients;
    private static String table;
    private static final List<Event> ARCHIVED = new ArrayList<>();

    @BeforeAll
    static void archive(AwsEmulator testEmulator) {
        emulator = testEmulator;
        clients = TestAws.clients(emulator);
        table = TestAws.createArchiveTable(clients.dynamoDb());
        Random random = new Random(5);
        for (int i = 0; i < 210; i++) {
            // Spread over three days; some events share a millisecond, and some fall right on midnight.
            Instant time = i % 35 == 0
                    ? DAY_ONE.plus(Duration.ofDays((i / 35) % 3))
                    : DAY_ONE.plusMillis(random.nextLong(Duration.ofDays(3).toMillis()) / 1000 * 1000);
            ARCHIVED.add(Event.builder()
                    .id(UUID.randomUUID().toString())
                    .source("https://test.example.com")
                    .type(TYPES.get(i % TYPES.size()))
                    .time(time)
                    .subject(SUBJECTS.get(random.nextInt(SUBJECTS.size())))
                    .data(CODEC.decode(sample()).data())
                    .build());
        }
        List<WriteRequest> writes = ARCHIVED.stream()
                .map(event -> WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(ArchiveItem.of(event, CODEC, Instant.now(), Duration.ofDays(365))).build()).build())
                .toList();
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> chunk = writes.subList(from, Math.min(writes.size(), from + 25));
            clients.dynamoDb().batchWriteItem(request -> request.requestItems(Map.of(table, chunk)));
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    private static String sample() {
        return "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"https://test.example.com\",\"type\":\"t\","
                + "\"time\":\"2026-03-01T00:00:00Z\",\"datacontenttype\":\"application/json\",\"data\":{\"n\":1}}";
    }

    private static List<Event> expected(ArchiveQuery query) {
        Predicate<Event> inWindow = event -> !event.time().isBefore(query.from()) && event.time().isBefore(query.to());
        return ARCHIVED.stream()
                .filter(event -> query.types().contains(event.type()))
                .filter(inWindow)
                .filter(event -> query.subject() == null || query.subject().equals(event.subject()))
                .sorted(Comparator.comparing(Event::time).thenComparing(Event::id))
                .toList();
    }

    private static ArchiveReader reader(int pageSize) {
        return ArchiveReader.builder().dynamoDbClient(clients.dynamoDb()).tableName(table).pageSize(pageSize).build();
    }

    @Test
    void readsAWindowOfTwoTypesAcrossADayBoundaryInTimeOrder() {
        ArchiveQuery query = ArchiveQuery.builder()
                .types("order.shipped", "order.created")
                .from(DAY_ONE.plus(Duration.ofHours(13)))
                .to(DAY_ONE.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(1))) // just past the second midnight
                .build();
        List<Event> expected = expected(query);
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(expected).anyMatch(event -> event.time().equals(DAY_ONE.plus(Duration.ofDays(2))));

        List<Event> read = reader(7).read(query).toList(); // small pages: every day bucket takes several
        assertThat(read).containsExactlyElementsOf(expected);
    }

    @Test
    void theWholeArchiveComesBackOnceInOrder() {
        ArchiveQuery query = ArchiveQuery.builder().types(TYPES).from(DAY_ONE).to(DAY_ONE.plus(Duration.ofDays(3))).build();

        List<Event> read = reader(50).read(query).toList();

        assertThat(read).hasSize(ARCHIVED.size()).containsExactlyElementsOf(expected(query));
    }

    @Test
    void readingOnFromAnyPositionNeitherRepeatsNorSkipsAnEvent() {
        ArchiveQuery query = ArchiveQuery.builder().types(TYPES).from(DAY_ONE.plus(Duration.ofHours(5)))
                .to(DAY_ONE.plus(Duration.ofDays(3))).build();
        List<ArchivedEvent> all = reader(20).entries(query, null).toList();
        assertThat(all).extracting(ArchivedEvent::eventId).containsExactlyElementsOf(expected(query).stream().map(Event::id).toList());

        // Resuming after the first, one mid-window (its own day bucket), and the last position.
        for (int position : List.of(0, all.size() / 2, all.size() - 1)) {
            List<ArchivedEvent> rest = reader(20).entries(query, all.get(position).position()).toList();
            assertThat(rest).as("after position %d", position).containsExactlyElementsOf(all.subList(position + 1, all.size()));
        }
        assertThat(reader(20).count(query)).isEqualTo(all.size());
        // A position before the window's start reads the whole window.
        assertThat(reader(20).entries(query, ArchiveItem.timeId(DAY_ONE, "0")).toList()).containsExactlyElementsOf(all);
    }

    @Test
    void filtersBySubject() {
        ArchiveQuery query = ArchiveQuery.builder().types(TYPES).from(DAY_ONE.plus(Duration.ofHours(6)))
                .to(DAY_ONE.plus(Duration.ofHours(60))).subject("ord_2").build();
        List<Event> expected = expected(query);
        assertThat(expected).isNotEmpty();

        List<Event> read = reader(5).read(query).toList(); // pages whose items are all filtered out must not end the read

        assertThat(read).containsExactlyElementsOf(expected).allMatch(event -> event.subject().equals("ord_2"));
    }

    @Test
    void theStartIsInclusiveAndTheEndExclusive() {
        Instant midnight = DAY_ONE.plus(Duration.ofDays(1));
        Set<String> atMidnight = Set.copyOf(ARCHIVED.stream().filter(e -> e.time().equals(midnight)).map(Event::id).toList());
        assertThat(atMidnight).isNotEmpty();

        List<Event> before = reader(100).read(ArchiveQuery.builder().types(TYPES).from(DAY_ONE).to(midnight).build()).toList();
        List<Event> after = reader(100).read(ArchiveQuery.builder().types(TYPES).from(midnight).to(midnight.plusMillis(1)).build()).toList();

        assertThat(before).noneMatch(event -> atMidnight.contains(event.id()));
        assertThat(after).extracting(Event::id).containsExactlyInAnyOrderElementsOf(atMidnight);
    }

    @Test
    void readsLazilyAndAnEmptyWindowCostsOneQueryPerTypeAndDay() {
        RequestRecorder recorder = new RequestRecorder();
        try (AwsClients recorded = TestAws.clients(emulator, recorder)) {
            ArchiveReader reader = ArchiveReader.builder().dynamoDbClient(recorded.dynamoDb()).tableName(table).build();
            Instant empty = Instant.parse("2025-01-01T00:00:00Z");

            assertThat(reader.read(ArchiveQuery.builder().types("order.created", "order.shipped").from(empty)
                    .to(empty.plus(Duration.ofDays(2))).build()).toList()).isEmpty();
            assertThat(recorder.operations()).containsExactly("Query", "Query", "Query", "Query");
        }
    }

    @Test
    void refusesAnEmptyOrBackwardWindow() {
        assertThatThrownBy(() -> ArchiveQuery.builder().from(DAY_ONE).to(DAY_ONE.plusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one event type");
        assertThatThrownBy(() -> ArchiveQuery.builder().types("order.created").from(DAY_ONE).to(DAY_ONE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before");
    }

    @Test
    void theItemCarriesTheIndexKeysAndExpiresAfterTheRetention() {
        Event event = ARCHIVED.getFirst();
        Map<String, AttributeValue> kept = ArchiveItem.of(event, CODEC, Instant.parse("2026-03-05T10:00:00.123456Z"), Duration.ofDays(10));
        Map<String, AttributeValue> forever = ArchiveItem.of(event, CODEC, Instant.now(), Duration.ZERO);

        assertThat(kept.get(ArchiveItem.TYPE_DAY).s()).isEqualTo(event.type() + "#2026-03-01");
        assertThat(kept.get(ArchiveItem.TIME_ID).s()).isEqualTo("2026-03-01T00:00:00.000Z#" + event.id());
        assertThat(kept.get(ArchiveItem.ARCHIVED_AT).s()).isEqualTo("2026-03-05T10:00:00.123Z");
        assertThat(kept.get(ArchiveItem.EXPIRES_AT).n()).isEqualTo(Long.toString(event.time().plus(Duration.ofDays(10)).getEpochSecond()));
        assertThat(CODEC.decode(kept.get(ArchiveItem.ENVELOPE).s())).isEqualTo(event);
        assertThat(forever).doesNotContainKey(ArchiveItem.EXPIRES_AT);
    }
}
