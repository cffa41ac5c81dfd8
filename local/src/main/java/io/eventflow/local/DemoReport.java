package io.eventflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.emulator.SentEmail;
import io.eventflow.ledger.LedgerReader;
import io.eventflow.local.traces.EventTrace;
import io.eventflow.replay.DryRunReport;
import io.eventflow.replay.ReplayJob;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What a demo run did, as numbers a person or a script can check.
 *
 * @param published messages published to the topic (every example event twice)
 * @param consumers per consumer: received, processed, duplicates, failed, dead_lettered
 * @param analytics analytics counters by {@code type#yyyy-mm-dd}
 * @param ledger balances of the ledger's accounts, by account id
 * @param archived events in the archive table
 * @param replay the replay the demo ran after the consumers drained; null when they did not drain
 * @param emails emails the notifier sent
 * @param traces the traces of the published events; null when the demo ran without tracing
 * @param drained whether every queue drained in time
 * @param wallTimeMillis time from start to drained
 */
public record DemoReport(int published, Map<String, ConsumerTally> consumers, Map<String, Long> analytics,
                         Map<String, LedgerReader.Balance> ledger, long archived, Replay replay, List<SentEmail> emails,
                         Traces traces, boolean drained, long wallTimeMillis) {

    /** One consumer's tallies (before the replay). */
    public record ConsumerTally(long received, long processed, long duplicates, long failed, long deadLettered) {}

    /**
     * The demo's replay.
     *
     * @param job the job when its messages had drained
     * @param dryRun what the dry run before it found
     * @param processed events the target processed from the replay
     * @param emailsSent emails sent during the replay (a reprocess sends none)
     * @param drained whether the replay's messages drained in time
     */
    public record Replay(ReplayJob job, DryRunReport dryRun, long processed, long emailsSent, boolean drained) {}

    /**
     * The traces of the demo's events.
     *
     * @param zipkin the Zipkin UI they are in
     * @param events per event, each trace it belongs to (one entry without a trace when no span named it)
     */
    public record Traces(URI zipkin, List<EventTrace> events) {}

    /** The report as the one JSON object {@code eventflow demo --json} prints. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("published", published);
        ObjectNode consumerNodes = root.putObject("consumers");
        consumers.forEach((name, tally) -> consumerNodes.putObject(name)
                .put("received", tally.received())
                .put("processed", tally.processed())
                .put("duplicates", tally.duplicates())
                .put("failed", tally.failed())
                .put("dead_lettered", tally.deadLettered()));
        ObjectNode analyticsNode = root.putObject("analytics");
        analytics.forEach(analyticsNode::put);
        ObjectNode ledgerNode = root.putObject("ledger");
        ledger.forEach((account, balance) -> ledgerNode.putObject(account)
                .put("balance", balance.balance().toPlainString())
                .put("currency", balance.currency())
                .put("events", balance.events()));
        root.putObject("archive").put("archived", archived);
        if (replay != null) {
            ObjectNode replayNode = root.putObject("replay")
                    .put("id", replay.job().id())
                    .put("target", replay.job().spec().target())
                    .put("mode", replay.job().spec().mode().code())
                    .put("state", replay.job().state().name());
            replayNode.putObject("dry_run").put("matched", replay.dryRun().matched())
                    .put("would_send", replay.dryRun().wouldSend()).put("would_skip", replay.dryRun().wouldSkip());
            replayNode.put("sent", replay.job().sent())
                    .put("skipped", replay.job().skipped())
                    .put("processed", replay.processed())
                    .put("emails_sent", replay.emailsSent());
        }
        var emailNodes = root.putArray("emails");
        emails.forEach(email -> emailNodes.addObject().put("to", String.join(",", email.to())).put("subject", email.subject()));
        if (traces != null) {
            ArrayNode traceNodes = root.putArray("traces");
            traces.events().forEach(trace -> {
                ObjectNode node = traceNodes.addObject().put("event_id", trace.eventId()).put("trace_id", trace.traceId())
                        .put("spans", trace.spans());
                trace.services().forEach(node.putArray("services")::add);
                node.put("zipkin_url", trace.zipkinUrl() == null ? null : trace.zipkinUrl().toString());
            });
        }
        root.put("drained", drained);
        root.put("wall_time_ms", wallTimeMillis);
        return root.toString();
    }

    /** The report as a short text for people. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("eventflow demo: published ").append(published).append(" messages (each example event twice)\n\n");
        out.append(String.format("  %-12s %9s %10s %11s %7s %14s%n", "consumer", "received", "processed", "duplicates", "failed", "dead-lettered"));
        consumers.forEach((name, t) -> out.append(String.format("  %-12s %9d %10d %11d %7d %14d%n",
                name, t.received(), t.processed(), t.duplicates(), t.failed(), t.deadLettered())));
        out.append("\nanalytics counters (type#day = count):\n");
        analytics.forEach((key, count) -> out.append("  ").append(key).append(" = ").append(count).append('\n'));
        out.append("\nledger balances:\n");
        ledger.forEach((account, balance) -> out.append("  ").append(account).append(" = ").append(balance.balance().toPlainString())
                .append(' ').append(balance.currency()).append(" (").append(balance.events()).append(" events)\n"));
        out.append("\narchive: ").append(archived).append(" events archived\n");
        if (replay != null) {
            out.append("\nreplay ").append(replay.job().id()).append(" (").append(replay.job().spec().mode().code()).append(" to ")
                    .append(replay.job().spec().target()).append(", ").append(String.join(",", replay.job().spec().window().types()))
                    .append("): dry run matched ").append(replay.dryRun().matched()).append("; ")
                    .append(replay.job().state()).append(", sent ").append(replay.job().sent()).append(", skipped ")
                    .append(replay.job().skipped()).append(", processed again ").append(replay.processed())
                    .append(", emails sent again ").append(replay.emailsSent()).append('\n');
        }
        out.append("\nemails sent:\n");
        emails.forEach(email -> out.append("  to ").append(String.join(",", email.to())).append(": ").append(email.subject()).append('\n'));
        if (traces != null) {
            out.append("\ntraces (Zipkin: ").append(traces.zipkin()).append("):\n");
            traces.events().forEach(trace -> out.append("  ").append(trace.eventId()).append(' ').append(trace.traceId() == null
                    ? "no spans received (is tracing wired into the functions?)"
                    : trace.zipkinUrl() + " (" + trace.spans() + " spans: " + String.join(", ", trace.services()) + ")").append('\n'));
        }
        out.append('\n').append(drained ? "All queues drained" : "NOT DRAINED: some messages are still queued")
                .append(" in ").append(wallTimeMillis).append(" ms.\n");
        return out.toString();
    }
}
