package io.eventflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.ledger.AccountEntry;
import io.eventflow.ledger.LedgerReader;
import io.eventflow.ledger.LedgerRebuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What {@code eventflow ledger} prints: text for people, one JSON object with {@code --json}. */
public final class LedgerReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerReports() {}

    public static String balance(String account, Instant at, Optional<LedgerReader.Balance> balance, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("account", account);
            if (at != null) {
                root.put("at", at.toString());
            }
            balance.ifPresentOrElse(b -> root.put("balance", b.balance().toPlainString()).put("currency", b.currency()).put("events", b.events()),
                    () -> root.putNull("balance"));
            return root + "\n";
        }
        String when = at == null ? "" : " as of " + at;
        return balance.map(b -> account + when + ": " + b.balance().toPlainString() + " " + b.currency() + " (" + b.events() + " events)\n")
                .orElse(account + when + ": no events\n");
    }

    public static String history(String account, List<AccountEntry> entries, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("account", account);
            var events = root.putArray("events");
            entries.forEach(entry -> events.addObject().put("time", entry.time().toString()).put("type", entry.type())
                    .put("change", entry.change().toPlainString()).put("currency", entry.currency()).put("event_id", entry.eventId()));
            return root + "\n";
        }
        StringBuilder out = new StringBuilder(account + ": " + entries.size() + " events\n");
        entries.forEach(entry -> out.append(String.format("  %-24s %-16s %12s %s  %s%n", entry.time(), entry.type(),
                entry.change().toPlainString(), entry.currency(), entry.eventId())));
        return out.toString();
    }

    public static String rebuild(LedgerRebuilder.Report report, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("accounts", report.accounts());
            var differences = root.putArray("differences");
            report.differences().forEach(d -> differences.addObject().put("account", d.account()).put("stored", d.stored())
                    .put("rebuilt", d.rebuilt()).put("snapshots_rewritten", d.snapshotsRewritten()).put("written", d.written()));
            return root + "\n";
        }
        StringBuilder out = new StringBuilder("rebuilt " + report.accounts() + " accounts from their events: "
                + (report.differences().isEmpty() ? "every projection and snapshot matched\n" : report.differences().size() + " differed\n"));
        report.differences().forEach(d -> out.append("  ").append(d.account()).append(": stored ").append(d.stored())
                .append(", events say ").append(d.rebuilt())
                .append(d.snapshotsRewritten() == 0 ? "" : ", " + d.snapshotsRewritten() + " snapshots rewritten")
                .append(d.written() ? " (repaired)" : " (moved during the rebuild: left alone)")
                .append('\n'));
        return out.toString();
    }

    public static String archiveRebuild(LedgerArchiveRebuild.Report report, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("accounts_before", report.accountsBefore())
                    .put("accounts_after", report.accountsAfter()).put("items_cleared", report.itemsCleared())
                    .put("replay_id", report.replay().id()).put("replayed", report.replay().sent());
            var differences = root.putArray("differences");
            report.differences().forEach(d -> differences.addObject().put("account", d.account())
                    .put("before", describe(d.before())).put("after", describe(d.after())));
            return root + "\n";
        }
        StringBuilder out = new StringBuilder("rebuilt the ledger from the archive (replay " + report.replay().id() + ", "
                + report.replay().sent() + " account events): " + report.accountsBefore() + " accounts before, "
                + report.accountsAfter() + " after, " + (report.differences().isEmpty() ? "every balance matched\n"
                : report.differences().size() + " differed\n"));
        report.differences().forEach(d -> out.append("  ").append(d.account()).append(": ").append(describe(d.before()))
                .append(" -> ").append(describe(d.after())).append('\n'));
        return out.toString();
    }

    private static String describe(LedgerReader.Balance balance) {
        return balance == null ? "none" : balance.balance().toPlainString() + " " + balance.currency() + " (" + balance.events() + " events)";
    }
}
