package io.eventflow.local;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.config.EventflowConfig;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.idempotency.IdempotencySettings;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplaySettings;
import io.eventflow.replayer.ReplayWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Replays on a stack, the way the CLI drives them: jobs are recorded in the stack's replay jobs table and handed to its
 * replayer function through the replay-jobs queue (the same path locally, where the session runs the replayer, and on
 * AWS); dry runs and status are read directly.
 */
public final class ReplaySubmitter {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALLED = Duration.ofSeconds(60);

    private final StackLocator.LocatedStack stack;
    private final ArchiveReplayer replayer;
    private final String workQueueUrl;

    public ReplaySubmitter(StackLocator.LocatedStack stack) {
        this.stack = stack;
        Map<String, String> outputs = stack.outputs();
        this.workQueueUrl = required(outputs, "ReplayJobsQueueUrl");
        this.replayer = ArchiveReplayer.builder(EventflowConfig.from(Map.of(
                EventflowConfig.ARCHIVE_TABLE, required(outputs, "ArchiveTableName"),
                ReplaySettings.JOBS_TABLE, required(outputs, "ReplayJobsTableName"),
                IdempotencySettings.TABLE, required(outputs, "IdempotencyTableName"))), stack.clients()).build();
    }

    private String required(Map<String, String> outputs, String name) {
        String value = outputs.get(name);
        if (value == null) {
            throw new CommandException("stack " + stack.name() + " has no " + name + " output: is it deployed from this version of template.yaml?");
        }
        return value;
    }

    public ArchiveReplayer replayer() {
        return replayer;
    }

    /** The queue of a consumer a replay may target. */
    public String targetQueue(String consumer) {
        ConsumerQueues queues = stack.consumers().get(consumer);
        if (queues == null || queues.queueUrl().equals(workQueueUrl)) {
            Set<String> targets = new LinkedHashSet<>(stack.consumers().keySet());
            targets.removeIf(name -> stack.consumers().get(name).queueUrl().equals(workQueueUrl));
            throw new CommandException("no consumer '" + consumer + "' to replay to in " + stack.where() + "; consumers: " + targets);
        }
        return queues.queueUrl();
    }

    /** Event types from the command line: comma-separated names, and {@code prefix.*} for every catalogued type under it. */
    public static List<String> types(String text, EventTypeRegistry registry) {
        Set<String> types = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String name = part.strip();
            if (name.endsWith(".*")) {
                String prefix = name.substring(0, name.length() - 1);
                List<String> matching = registry.types().stream().filter(type -> type.startsWith(prefix)).sorted().toList();
                if (matching.isEmpty()) {
                    throw new CommandException("no catalogued event type matches " + name + "; known: " + new ArrayList<>(registry.types()));
                }
                types.addAll(matching);
            } else if (!name.isEmpty()) {
                if (!registry.knows(name)) {
                    throw new CommandException("unknown event type '" + name + "'; known: " + new ArrayList<>(registry.types()));
                }
                types.add(name);
            }
        }
        return List.copyOf(types);
    }

    /** Hands a job to the stack's replayer: a wake-up message on the replay-jobs queue. */
    public void submit(String replayId) {
        stack.clients().sqs().sendMessage(request -> request.queueUrl(workQueueUrl).messageBody(new ReplayWork(replayId).toJson()));
    }

    /**
     * Watches a job until it ends (COMPLETED, CANCELLED, FAILED) or nobody has run it for {@code STALLED} (no replayer
     * picked it up, or its runner died: {@code replay resume} hands it over again), reporting events handled (sent +
     * skipped) as they grow. A job between two runs (released, its continuation queued) is not stalled yet.
     */
    public ReplayJob follow(String replayId, LongConsumer handled) throws InterruptedException {
        Instant idleSince = null;
        while (true) {
            ReplayJob job = replayer.status(replayId).orElseThrow(() -> new CommandException("there is no replay job " + replayId));
            handled.accept(job.handled());
            if (!job.state().resumable()) {
                return job;
            }
            Instant now = Instant.now();
            if (job.activeAt(now)) {
                idleSince = null;
            } else if (idleSince == null) {
                idleSince = now;
            } else if (Duration.between(idleSince, now).compareTo(STALLED) > 0) {
                return job;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Count of the events in a window, for progress. */
    public long count(ArchiveQuery window) {
        return replayer.count(window);
    }
}
