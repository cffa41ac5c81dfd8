package io.eventflow.local.cli;

import io.eventflow.config.EventflowConfig;
import io.eventflow.ledger.LedgerRebuilder;
import io.eventflow.ledger.LedgerSettings;
import io.eventflow.local.CommandException;
import io.eventflow.local.LedgerArchiveRebuild;
import io.eventflow.local.LedgerReports;
import io.eventflow.local.ProgressBar;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.local.StackLocator;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventflow ledger rebuild [--from-archive]}. */
@Command(name = "rebuild", description = "rebuild every account's projection and snapshots from its events and report where they differed (exit 1 if "
        + "a projection moved during the rebuild and was left alone); --from-archive: empty the accounts and book them "
        + "again from the archive (a reprocess replay of the account event types since DAY, default the earliest booked "
        + "event), then report every account whose balance or event count changed; run it while no account events are "
        + "published")
final class LedgerRebuildCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Option(names = "--from-archive", description = "book the ledger again from the archive")
    private boolean fromArchive;

    @Option(names = "--since", paramLabel = "DAY", converter = DayOrTime.class,
            description = "with --from-archive: the archived events from this UTC day or RFC 3339 time on")
    private Instant since;

    LedgerRebuildCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            String table = LedgerCommand.table(stack);
            return fromArchive ? fromArchive(stack, table) : fromEvents(stack, table);
        }
    }

    private int fromEvents(StackLocator.LocatedStack stack, String table) {
        LedgerRebuilder.Report report = new LedgerRebuilder(stack.clients().dynamoDb(), table, snapshotInterval(stack)).rebuild();
        context.out().print(LedgerReports.rebuild(report, stackOption.json()));
        return report.differences().stream().allMatch(LedgerRebuilder.Difference::written) ? 0 : 1;
    }

    private int fromArchive(StackLocator.LocatedStack stack, String table) {
        ProgressBar bar = new ProgressBar(context.err(), ProgressBar.onTerminal(), "account events replayed");
        LedgerArchiveRebuild.Report report;
        try {
            report = new LedgerArchiveRebuild(stack, new ReplaySubmitter(stack), table).run(since, handled -> bar.update(handled, -1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted; see eventflow replay status for the rebuild's replay", e);
        }
        bar.finish();
        context.out().print(LedgerReports.archiveRebuild(report, stackOption.json()));
        return 0;
    }

    /** The stack's ledger snapshot interval (its output), so that a rebuild takes the snapshots the ledger takes. */
    private static int snapshotInterval(StackLocator.LocatedStack stack) {
        String interval = stack.outputs().get("LedgerSnapshotInterval");
        return LedgerSettings.snapshotIntervalOf(
                EventflowConfig.from(interval == null ? Map.of() : Map.of(LedgerSettings.SNAPSHOT_INTERVAL, interval)));
    }
}
