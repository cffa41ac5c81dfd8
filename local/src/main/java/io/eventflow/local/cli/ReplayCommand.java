package io.eventflow.local.cli;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.local.ReplayReports;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.local.StackLocator;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eventflow replay}: archived events sent again to a consumer's queue through the stack's replayer; the
 * subcommands act on a job.
 */
@Command(name = "replay", description = "send the archived events of those types with from <= time < to to a consumer's queue, in time order, through "
        + "the stack's replayer. recover (default) skips events the consumer already processed; reprocess runs every "
        + "one again (the notifier sends no email again)",
        subcommands = {ReplayStatusCommand.class, ReplayResumeCommand.class, ReplayCancelCommand.class})
final class ReplayCommand implements Callable<Integer> {

    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOption stackOption;

    @Mixin
    private FollowOption followOption;

    @Option(names = "--target", paramLabel = "CONSUMER", description = "the consumer to replay to")
    private String target;

    @Option(names = "--type", paramLabel = "T[,T...]", description = "event types (order.* for all order types)")
    private String types;

    @Option(names = "--from", paramLabel = "TIME", converter = DayOrTime.class,
            description = "from this UTC day (2026-02-02) or RFC 3339 time, inclusive")
    private Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = DayOrTime.class, description = "up to this day or time, exclusive (default now)")
    private Instant to;

    @Option(names = "--subject", paramLabel = "S", description = "only the events of this subject")
    private String subject;

    @Option(names = "--mode", paramLabel = "recover|reprocess", description = "recover (default) or reprocess")
    private String mode;

    @Option(names = "--rate", paramLabel = "N", converter = PositiveDouble.class, description = "at most N events a second")
    private Double rate;

    @Option(names = "--dry-run", description = "count and sample the window, send nothing")
    private boolean dryRun;

    ReplayCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        required(target, "--target");
        required(types, "--type");
        required(from, "--from");
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            ReplaySubmitter replays = new ReplaySubmitter(stack);
            ReplaySpec replay = replaySpec(replays);
            if (dryRun) {
                context.out().print(ReplayReports.dryRun(replay.target(), replays.replayer().dryRun(replay, 5), stackOption.json()));
                return 0;
            }
            ReplayJob job = replays.replayer().start(replay);
            replays.submit(job.id());
            if (!stackOption.json()) {
                context.out().println("replay " + job.id() + " submitted; follow it with: eventflow replay status " + job.id());
            }
            return followOption.followed(replays, job, stackOption.json());
        }
    }

    private ReplaySpec replaySpec(ReplaySubmitter replays) {
        ArchiveQuery window;
        ReplaySpec.Builder replay;
        try {
            window = ArchiveQuery.builder()
                    .types(ReplaySubmitter.types(types, EventTypeRegistry.fromClasspath()))
                    .from(from)
                    .to(to == null ? Instant.now() : to)
                    .subject(subject)
                    .build();
            replay = ReplaySpec.builder().target(target, replays.targetQueue(target)).window(window);
            if (mode != null) {
                replay.mode(ReplayMode.fromCode(mode));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (rate != null) {
            replay.rate(rate);
        }
        return replay.build();
    }

    private void required(Object value, String option) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), "replay needs " + option);
        }
    }
}
