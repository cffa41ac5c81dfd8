package io.eventflow.local;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.ledger.AccountEntry;
import io.eventflow.ledger.LedgerReader;
import io.eventflow.ledger.LedgerReset;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.replay.ReplayState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Rebuilds the ledger from the archive: remembers every account's balance, empties the accounts ({@link LedgerReset}),
 * replays the account event types since {@code since} into the ledger's queue in reprocess mode (through the stack's
 * replayer), waits for the ledger to book them, and reports every account whose balance or event count differs.
 *
 * <p>Run it while no account events are being published: an event the live ledger books after the reset and the
 * replay sends again would be booked twice (a reprocess skips the consumer's idempotency on purpose).
 */
public final class LedgerArchiveRebuild {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

    /**
     * What changed for one account.
     *
     * @param account the account
     * @param before its balance before, or null when it had none
     * @param after its balance after, or null when the archive has none of its events
     */
    public record Difference(String account, LedgerReader.Balance before, LedgerReader.Balance after) {}

    /**
     * @param accountsBefore accounts with a balance before
     * @param accountsAfter accounts with a balance after
     * @param itemsCleared ledger items deleted by the reset
     * @param replay the replay that rebooked them
     * @param differences accounts whose balance or event count changed
     */
    public record Report(int accountsBefore, int accountsAfter, long itemsCleared, ReplayJob replay, List<Difference> differences) {}

    private final StackLocator.LocatedStack stack;
    private final ReplaySubmitter replays;
    private final String ledgerTable;

    public LedgerArchiveRebuild(StackLocator.LocatedStack stack, ReplaySubmitter replays, String ledgerTable) {
        this.stack = stack;
        this.replays = replays;
        this.ledgerTable = ledgerTable;
    }

    /** @param since the replay window's start; null for the earliest event the ledger holds now */
    public Report run(Instant since, LongConsumer progress) throws InterruptedException {
        LedgerReader reader = new LedgerReader(stack.clients().dynamoDb(), ledgerTable);
        LedgerReset reset = new LedgerReset(stack.clients().dynamoDb(), ledgerTable);
        Map<String, LedgerReader.Balance> before = reader.balances();
        Instant from = since != null ? since : reset.earliestEventTime().map(time -> time.truncatedTo(ChronoUnit.DAYS))
                .orElseThrow(() -> new CommandException("the ledger holds no events to date the archive replay from: give --since DAY"));
        String ledgerQueue = replays.targetQueue("ledger");
        long cleared = reset.clear();
        ReplayJob job = replays.replayer().start(ReplaySpec.builder()
                .target("ledger", ledgerQueue)
                .mode(ReplayMode.REPROCESS)
                .window(ArchiveQuery.builder().types(AccountEntry.TYPES).from(from).to(Instant.now()).build())
                .build());
        replays.submit(job.id());
        ReplayJob done = replays.follow(job.id(), progress);
        if (done.state() != ReplayState.COMPLETED) {
            throw new CommandException("the replay " + done.id() + " ended " + done.state() + done.failure().map(e -> ": " + e).orElse("")
                    + "; the ledger is partly rebuilt: eventflow replay resume " + done.id());
        }
        awaitEmpty(ledgerQueue);
        Map<String, LedgerReader.Balance> after = reader.balances();
        List<Difference> differences = new ArrayList<>();
        TreeSet<String> accounts = new TreeSet<>(before.keySet());
        accounts.addAll(after.keySet());
        for (String account : accounts) {
            if (!Objects.equals(before.get(account), after.get(account))) {
                differences.add(new Difference(account, before.get(account), after.get(account)));
            }
        }
        return new Report(before.size(), after.size(), cleared, done, differences);
    }

    /** Until the queue holds nothing, visible or in flight, twice in a row. */
    private void awaitEmpty(String queueUrl) throws InterruptedException {
        if (!LocalRunner.DRAIN_POLL.forAtMost(DRAIN_TIMEOUT).until(() -> LocalRunner.depth(stack.clients().sqs(), queueUrl) == 0)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("while waiting for the ledger's queue to drain");
            }
            throw new CommandException("the ledger's queue did not drain within " + DRAIN_TIMEOUT.toMinutes() + " minutes");
        }
    }
}
