package io.eventflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.replay.DryRunReport;
import io.eventflow.replay.ReplayJob;
import java.time.Instant;

/** What {@code eventflow replay} prints: text for people, one JSON object with {@code --json}. */
public final class ReplayReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayReports() {}

    public static String dryRun(String target, DryRunReport report, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("dry_run", true).put("target", target)
                    .put("matched", report.matched()).put("would_send", report.wouldSend()).put("would_skip", report.wouldSkip());
            ObjectNode byType = root.putObject("by_type");
            report.byType().forEach(byType::put);
            var samples = root.putArray("samples");
            report.samples().forEach(event -> samples.addObject().put("event_id", event.eventId()).put("type", event.type())
                    .put("position", event.position()));
            return root + "\n";
        }
        StringBuilder out = new StringBuilder("dry run for " + target + ": " + report.matched() + " events in the window, would send "
                + report.wouldSend() + ", would skip " + report.wouldSkip() + " (already processed)\n");
        report.byType().forEach((type, count) -> out.append(String.format("  %-20s %d%n", type, count)));
        if (!report.samples().isEmpty()) {
            out.append("first to send:\n");
            report.samples().forEach(event -> out.append("  ").append(event.position(), 0, 24).append("  ")
                    .append(String.format("%-18s", event.type())).append(event.eventId()).append('\n'));
        }
        return out.toString();
    }

    public static String job(ReplayJob job, boolean json) {
        if (json) {
            ObjectNode root = JSON.createObjectNode().put("id", job.id()).put("state", job.state().name())
                    .put("target", job.spec().target()).put("mode", job.spec().mode().code())
                    .put("sent", job.sent()).put("skipped", job.skipped());
            root.putArray("types").addAll(job.spec().window().types().stream().map(JSON.getNodeFactory()::textNode).toList());
            root.put("from", job.spec().window().from().toString()).put("to", job.spec().window().to().toString());
            job.spec().window().subjectFilter().ifPresent(subject -> root.put("subject", subject));
            if (job.cursor() != null) {
                root.put("cursor", job.cursor());
            }
            job.failure().ifPresent(error -> root.put("error", error));
            root.put("running", job.activeAt(Instant.now())).put("cancel_requested", job.cancelRequested());
            return root + "\n";
        }
        StringBuilder out = new StringBuilder(job.id() + ": " + job.state() + describe(job) + "\n");
        out.append("  ").append(job.spec().mode().code()).append(" ").append(String.join(",", job.spec().window().types()))
                .append(" from ").append(job.spec().window().from()).append(" to ").append(job.spec().window().to())
                .append(job.spec().window().subjectFilter().map(subject -> " subject " + subject).orElse(""))
                .append(" -> ").append(job.spec().target()).append('\n');
        out.append("  sent ").append(job.sent()).append(", skipped ").append(job.skipped()).append(" (already processed)\n");
        job.failure().ifPresent(error -> out.append("  error: ").append(error).append('\n'));
        return out.toString();
    }

    private static String describe(ReplayJob job) {
        return switch (job.state()) {
            case RUNNING -> job.activeAt(Instant.now()) ? " (running)" : " (stopped part way: eventflow replay resume " + job.id() + ")";
            case FAILED -> " (eventflow replay resume " + job.id() + " continues from where it stopped)";
            case STARTING -> " (waiting for the replayer)";
            default -> job.cancelRequested() && job.state() != io.eventflow.replay.ReplayState.CANCELLED ? " (cancel requested)" : "";
        };
    }
}
