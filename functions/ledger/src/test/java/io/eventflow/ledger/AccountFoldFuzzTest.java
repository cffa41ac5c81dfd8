package io.eventflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.internal.PlatformLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The ledger's pure part under issue 12's property: for any history of account events admission admits (each valid by
 * its schema, at any time within the event window, in any order), booking them one by one never throws, the balance is
 * exact (the sum of the amounts as written, counted here in integers of 1/10,000), it reads back unchanged from the
 * string it is stored as, every item written fits DynamoDB's, every snapshot is the fold of the events up to its
 * time, and every overdraft notice the history calls for is a valid {@code account.overdrawn} event (the notifier
 * admits it). Without {@code JAZZER_FUZZ} the committed corpus ({@code AccountFoldFuzzTestInputs}, seeded with the
 * example account events) runs as regression cases.
 *
 * <p>Input: from the end, the snapshot interval and how the history is made. As text: lines
 * {@code <type 0-2> <seconds after T> <data JSON>} (the seeds are the example events so written). Or from values: up
 * to 40 events, each the example of its type with an amount of up to 12 integer and 4 fraction digits and a time
 * within a few days, so that events share times with each other and with snapshots far more often than text
 * mutations make them.
 */
class AccountFoldFuzzTest {

    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");
    /** Admission's window keeps event times within years of now; this bounds the offsets the same way. */
    private static final long MAX_OFFSET_SECONDS = Duration.ofDays(3650).toSeconds();
    private static final Pattern LINE = Pattern.compile("([0-2]) (-?[0-9]{1,12}) (.*)");
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+)(?:\\.([0-9]{1,4}))?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();
    private static final EventValidator SCHEMAS = new EventValidator(EventTypeRegistry.fromClasspath());
    private static final List<Event> ENVELOPES = AccountEntry.TYPES.stream().map(type -> CODEC.decode(example(type))).toList();

    @FuzzTest(maxDuration = "30s")
    void anAdmittedHistoryBooksToItsExactBalanceAndEveryWriteIsStorable(FuzzedDataProvider data) {
        int interval = data.consumeInt(1, 8);
        List<Event> history = data.consumeBoolean() ? fromValues(data) : admitted(data.consumeRemainingAsString());
        if (history.isEmpty()) {
            return;
        }
        LedgerTable.Projection state = LedgerTable.Projection.EMPTY;
        SnapshotSeries snapshots = new SnapshotSeries(interval, List.of());
        BigInteger expected = BigInteger.ZERO;
        List<AccountEntry> booked = new ArrayList<>();
        for (Event event : history) {
            AccountEntry entry = AccountEntry.of(event);
            state = state.plus(entry);
            snapshots.book(entry, state);
            booked.add(entry);
            expected = expected.add(signedTenThousandths(event));

            assertThat(state.balance().compareTo(new BigDecimal(expected, 4))).as("exact balance after %d events", booked.size()).isZero();
            assertThat(new BigDecimal(state.balance().toPlainString())).as("stored as text, read back").isEqualTo(state.balance());
            assertFits(LedgerTable.append("ledger", entry, state.version()).put().item());
        }
        LedgerTable.projectionUpdate("ledger", state.currency() == null ? "acc" : booked.getFirst().accountId(), 0, state);
        for (Snapshot snapshot : snapshots.all()) {
            List<AccountEntry> upTo = booked.stream().filter(entry -> !entry.time().isAfter(snapshot.time())).toList();
            BigDecimal fold = upTo.stream().map(AccountEntry::change).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(snapshot.balance().compareTo(fold)).as("snapshot at %s is the fold up to it", snapshot.time()).isZero();
            assertThat(snapshot.events()).isEqualTo(upTo.size());
            assertFits(LedgerTable.snapshotPut("ledger", booked.getFirst().accountId(), snapshot).put().item());
        }
        assertEveryOverdraftNoticeIsAdmissible(booked, state);
    }

    /** Judged as the ledger judges, by event time over the whole history: each crossing below zero makes a valid notice. */
    private static void assertEveryOverdraftNoticeIsAdmissible(List<AccountEntry> booked, LedgerTable.Projection state) {
        if (state.openedAt() == null) {
            return;
        }
        BigDecimal balance = BigDecimal.ZERO;
        for (AccountEntry entry : booked.stream().sorted(Comparator.comparing(AccountEntry::time).thenComparing(AccountEntry::eventId)).toList()) {
            BigDecimal before = balance;
            balance = balance.add(entry.change());
            if (entry.isWithdrawal() && !state.openedAt().isAfter(entry.time()) && before.signum() >= 0 && balance.signum() < 0) {
                Event notice = AccountLedger.overdrawn(entry.accountId(), entry, balance, state.ownerEmail());
                SCHEMAS.validate(notice); // throws, naming the field, if the notifier would refuse it
            }
        }
    }

    /** Events made of the examples with amounts and times the input gives; those admission admits. */
    private static List<Event> fromValues(FuzzedDataProvider data) {
        List<Event> events = new ArrayList<>();
        int count = data.consumeInt(1, 40);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            Event example = ENVELOPES.get(data.consumeInt(0, ENVELOPES.size() - 1));
            String amount = data.consumeLong(0, 999_999_999_999L) + (data.consumeBoolean() ? "" : "." + data.consumeInt(0, 9999));
            ObjectNode json = ((ObjectNode) example.data().deepCopy())
                    .put(example.type().equals("account.opened") ? "initial_balance" : "amount", amount);
            Event event = example.toBuilder().id("evt-" + i).time(T.plusSeconds(3600L * data.consumeInt(-24, 72))).data(json).build();
            try {
                SCHEMAS.validate(event);
                events.add(event);
            } catch (RuntimeException refused) {
                // an amount of zero, say: admission dead-letters it
            }
        }
        return events;
    }

    /** The lines that make events admission admits, in input order (which is arrival order, not time order). */
    private static List<Event> admitted(String input) {
        List<Event> events = new ArrayList<>();
        for (String line : input.split("\n")) {
            Matcher parts = LINE.matcher(line);
            if (!parts.matches() || Math.abs(Long.parseLong(parts.group(2))) > MAX_OFFSET_SECONDS) {
                continue;
            }
            try {
                JsonNode json = JSON.readTree(parts.group(3));
                Event event = ENVELOPES.get(Integer.parseInt(parts.group(1))).toBuilder()
                        .id("evt-" + events.size()).time(T.plusSeconds(Long.parseLong(parts.group(2)))).data(json).build();
                SCHEMAS.validate(event);
                events.add(event);
            } catch (IOException | RuntimeException refused) {
                // not JSON, or not valid by its schema: admission dead-letters it, the ledger never sees it
            }
        }
        return events;
    }

    /** The event's change to the balance in integers of 1/10,000, read from its text, not through BigDecimal. */
    private static BigInteger signedTenThousandths(Event event) {
        String text = event.data().path(event.type().equals("account.opened") ? "initial_balance" : "amount").asText();
        Matcher decimal = DECIMAL.matcher(text);
        assertThat(decimal.matches()).as("an admitted amount is a decimal: %s", text).isTrue();
        String fraction = decimal.group(2) == null ? "" : decimal.group(2);
        BigInteger value = new BigInteger(decimal.group(1) + fraction + "0".repeat(4 - fraction.length()));
        return event.type().equals("withdrawal.made") ? value.negate() : value;
    }

    private static void assertFits(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            AttributeValue value = attribute.getValue();
            bytes += utf8(attribute.getKey()) + utf8(value.s() != null ? value.s() : value.n());
        }
        assertThat(bytes).isLessThanOrEqualTo(PlatformLimits.DYNAMODB_ITEM_BYTES);
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String example(String type) {
        try {
            return Files.readString(Path.of(System.getProperty("eventflow.root", "../.."), "events", "examples", type + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
