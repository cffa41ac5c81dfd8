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
import java.util.Collections;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger's laws over random account histories, on the emulator: whatever order SQS delivers an account's
 * events in, however often, one by one or in batch transactions, every event is booked once, the balance is the fold
 * of all of them, the balance as of any time is the fold of those up to then, every snapshot stays the fold up to
 * its own time (and is the one a rebuild takes), and every withdrawal that overdraws the account has its notice. A
 * small snapshot interval makes late events older than snapshots common. Here, beside the rebuilder (an operator tool
 * outside the ledger's Lambda), on the ledger module's fixture.
 *
 * <p>Each case is generated from its seed (shown in the test's name), so a failure is reproduced by running that seed
 * again. Seeded generation rather than a property-testing library: jqwik, the obvious choice, asks coding agents not
 * to use it, and this project is partly written by one.
 */
class LedgerPropertiesTest {

    private static final int SNAPSHOT_INTERVAL = 3;
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final long SPAN_MILLIS = 30L * 24 * 3600 * 1000;
    private static final int BATCH = 4;

    private static AwsEmulator emulator;
    private static LedgerFixture fixture;

    @BeforeAll
    static void startEmulator() {
        emulator = AwsEmulators.start();
        fixture = LedgerFixture.create(emulator, SNAPSHOT_INTERVAL);
    }

    @AfterAll
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

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 15);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyDeliveryEndsAtTheFoldAndEveryAsOfBalanceIsTheFoldUpToThen(long seed) {
        Random random = new Random(seed);
        Plan plan = plan(random);
        boolean inBatches = random.nextBoolean();
        List<Integer> probeDays = Stream.generate(() -> random.nextInt(-1, 32)).limit(6).toList();
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
        assertThat(new LedgerRebuilder(fixture.clients.dynamoDb(), fixture.ledgerTable, fixture.snapshotInterval).rebuild().differences()).as("the live snapshots are the ones a rebuild takes").isEmpty();
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

    /**
     * An opening within the first hour, then 1 to 14 deposits and withdrawals of 0.01 to 500.00 over 30 days (half of
     * them on whole hours, so equal times, and equal snapshot times, are common), delivered shuffled with a random
     * subset repeated.
     */
    private static Plan plan(Random random) {
        List<Movement> movements = new ArrayList<>();
        movements.add(new Movement("account.opened", amount(random), random.nextLong(3_600_001)));
        int more = random.nextInt(1, 15);
        for (int i = 0; i < more; i++) {
            long millis = random.nextBoolean() ? random.nextLong(SPAN_MILLIS + 1) : random.nextLong(SPAN_MILLIS / 3_600_000 + 1) * 3_600_000;
            movements.add(new Movement(random.nextBoolean() ? "deposit.made" : "withdrawal.made", amount(random), millis));
        }
        List<Integer> deliveries = new ArrayList<>();
        for (int i = 0; i < movements.size(); i++) {
            deliveries.add(i);
            if (random.nextBoolean()) {
                deliveries.add(i);
            }
        }
        Collections.shuffle(deliveries, random);
        return new Plan(movements, deliveries);
    }

    private static String amount(Random random) {
        return BigDecimal.valueOf(random.nextInt(1, 50_001), 2).toPlainString();
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
