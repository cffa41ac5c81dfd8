package io.eventflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.ClaimOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The ledger's laws over random account histories (jqwik), on the emulator: whatever order SQS delivers an account's
 * events in, however often, one by one or in batch transactions, every event is booked once, the balance is the fold
 * of all of them, the balance as of any time is the fold of those up to then, every snapshot stays the fold up to
 * its own time (and is the one a rebuild takes), and every withdrawal that overdraws the account has its notice. A
 * small snapshot interval makes late events older than snapshots common.
 */
class LedgerPropertiesTest {

    private static final int SNAPSHOT_INTERVAL = 3;
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final long SPAN_MILLIS = 30L * 24 * 3600 * 1000;
    private static final int BATCH = 4;

    private static AwsEmulator emulator;
    private static LedgerFixture fixture;

    @BeforeContainer
    static void startEmulator() {
        emulator = AwsEmulators.start();
        fixture = LedgerFixture.create(emulator, SNAPSHOT_INTERVAL);
    }

    @AfterContainer
    static void stopEmulator() {
        fixture.close();
        emulator.close();
    }

    /**
     * One event of a history, before it has an account.
     *
     * @param type the event type
     * @param amount its amount, a decimal with cents
     * @param millis when, after {@link #START}
     */
    record Movement(String type, String amount, long millis) {

        Event toEvent(String account) {
            Instant time = START.plusMillis(millis);
            return switch (type) {
                case "account.opened" -> LedgerFixture.opened(account, amount, time);
                case "deposit.made" -> LedgerFixture.deposit(account, amount, time);
                default -> LedgerFixture.withdrawal(account, amount, time);
            };
        }
    }

    /**
     * A history and the order its events are delivered in, repeats included.
     *
     * @param movements an opening, then deposits and withdrawals
     * @param deliveries indexes into {@code movements}, each at least once
     */
    record Plan(List<Movement> movements, List<Integer> deliveries) {}

    @Property(tries = 15)
    void anyDeliveryEndsAtTheFoldAndEveryAsOfBalanceIsTheFoldUpToThen(
            @ForAll("plans") Plan plan,
            @ForAll boolean inBatches,
            @ForAll @Size(6) List<@IntRange(min = -1, max = 31) Integer> probeDays) {
        String account = LedgerFixture.newAccount();
        List<Event> history = plan.movements().stream().map(movement -> movement.toEvent(account)).toList();

        deliver(plan.deliveries().stream().map(history::get).toList(), inBatches);

        assertThat(fixture.reader.balance(account)).as("the projection").hasValueSatisfying(balance -> {
            assertThat(balance.balance()).isEqualByComparingTo(LedgerFixture.fold(history, Instant.MAX));
            assertThat(balance.events()).as("each event booked once").isEqualTo(history.size());
        });
        for (int day : probeDays) {
            Instant at = START.plusSeconds(day * 86_400L + 43_200);
            long upToThen = history.stream().filter(event -> !event.time().isAfter(at)).count();
            assertThat(fixture.reader.balanceAt(account, at).map(LedgerReader.Balance::balance).orElse(null))
                    .as("as of %s", at)
                    .isEqualTo(upToThen == 0 ? null : inCents(LedgerFixture.fold(history, at)));
        }
        // Snapshot times are event times: probing them catches an off-by-one at a snapshot's own time.
        for (Snapshot snapshot : fixture.snapshots(account)) {
            assertThat(snapshot.balance()).as("snapshot as of %s", snapshot.time())
                    .isEqualByComparingTo(LedgerFixture.fold(history, snapshot.time()));
            assertThat(snapshot.events()).isEqualTo(history.stream().filter(event -> !event.time().isAfter(snapshot.time())).count());
            assertThat(fixture.reader.balanceAt(account, snapshot.time()).orElseThrow().balance())
                    .isEqualByComparingTo(snapshot.balance());
        }
        assertThat(fixture.rebuilder().rebuild().differences()).as("the live snapshots are the ones a rebuild takes").isEmpty();
        assertThat(noticedWithdrawals(account)).as("overdraft notices").containsAll(overdrawingWithdrawals(history));
    }

    /**
     * The withdrawals that, in the whole history by event time, take the opened account from zero or more to below
     * zero. Each was judged with everything before it known (when the last of those was booked), so each has a notice;
     * a withdrawal that overdrew only until a late deposit arrived may have one too.
     */
    private static List<String> overdrawingWithdrawals(List<Event> history) {
        List<AccountEntry> byTime = history.stream().map(AccountEntry::of)
                .sorted(Comparator.comparing(AccountEntry::time).thenComparing(AccountEntry::eventId)).toList();
        Instant opened = byTime.stream().filter(AccountEntry::isOpening).findFirst().orElseThrow().time();
        List<String> overdrawing = new ArrayList<>();
        BigDecimal balance = BigDecimal.ZERO;
        for (AccountEntry entry : byTime) {
            BigDecimal before = balance;
            balance = balance.add(entry.change());
            if (entry.isWithdrawal() && !opened.isAfter(entry.time()) && before.signum() >= 0 && balance.signum() < 0) {
                overdrawing.add(entry.eventId());
            }
        }
        return overdrawing;
    }

    private static List<String> noticedWithdrawals(String account) {
        EventCodec codec = new EventCodec();
        return LedgerTable.pendingOutbox(fixture.clients.dynamoDb(), fixture.ledgerTable).values().stream()
                .map(codec::decode).filter(notice -> account.equals(notice.subject()))
                .map(notice -> notice.data().path("withdrawal_id").asText()).toList();
    }

    @Provide
    Arbitrary<Plan> plans() {
        Arbitrary<String> amounts = Arbitraries.integers().between(1, 50_000)
                .map(cents -> BigDecimal.valueOf(cents, 2).toPlainString());
        // Whole hours make equal times (and equal snapshot times) likely; milliseconds cover sub-second order.
        Arbitrary<Long> times = Arbitraries.oneOf(
                Arbitraries.longs().between(0, SPAN_MILLIS),
                Arbitraries.longs().between(0, SPAN_MILLIS / 3_600_000).map(hours -> hours * 3_600_000));
        Arbitrary<Movement> opening = Combinators.combine(amounts, Arbitraries.longs().between(0, 3_600_000))
                .as((amount, millis) -> new Movement("account.opened", amount, millis));
        Arbitrary<Movement> movement = Combinators.combine(Arbitraries.of("deposit.made", "withdrawal.made"), amounts, times)
                .as(Movement::new);
        return Combinators.combine(opening, movement.list().ofMinSize(1).ofMaxSize(14))
                .as((first, rest) -> Stream.concat(Stream.of(first), rest.stream()).toList())
                .flatMap(movements -> {
                    List<Integer> indexes = IntStream.range(0, movements.size()).boxed().toList();
                    return Arbitraries.subsetOf(indexes)
                            .flatMap(repeats -> Arbitraries.shuffle(Stream.concat(indexes.stream(), repeats.stream()).toList()))
                            .map(deliveries -> new Plan(movements, deliveries));
                });
    }

    /**
     * One by one, or in transactions of up to {@value #BATCH} distinct events as the batch processor commits them; an
     * event of a transaction cancelled by another's repeat is booked on its own, as the processor does.
     */
    private static void deliver(List<Event> deliveries, boolean inBatches) {
        if (!inBatches) {
            deliveries.forEach(fixture::book);
            return;
        }
        List<Event> batch = new ArrayList<>();
        for (Event event : deliveries) {
            if (batch.size() == BATCH || batch.stream().anyMatch(queued -> queued.id().equals(event.id()))) {
                commit(batch);
                batch.clear();
            }
            batch.add(event);
        }
        commit(batch);
    }

    private static void commit(List<Event> batch) {
        List<ClaimOutcome> outcomes = fixture.bookTogether(batch);
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) == ClaimOutcome.NOT_APPLIED) {
                fixture.book(batch.get(i));
            }
        }
    }

    private static BigDecimal inCents(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()));
    }
}
