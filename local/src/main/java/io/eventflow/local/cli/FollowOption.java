package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.ProgressBar;
import io.eventflow.local.ReplayReports;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayState;
import picocli.CommandLine.Option;

/** {@code --detach}, and following a submitted replay with a progress bar when it is not given. */
final class FollowOption {

    private final CommandContext context;

    @Option(names = "--detach", description = "print the submitted job and return, instead of following it")
    private boolean detach;

    FollowOption(CommandContext context) {
        this.context = context;
    }

    /** Follows a submitted job unless {@code --detach}; exit 0 when it completed (or was detached from). */
    int followed(ReplaySubmitter replays, ReplayJob submitted, boolean json) {
        if (detach) {
            context.out().print(ReplayReports.job(submitted, json));
            return 0;
        }
        long total = replays.count(submitted.spec().window());
        ProgressBar bar = new ProgressBar(context.err(), ProgressBar.onTerminal(), "replayed to " + submitted.spec().target());
        ReplayJob job;
        try {
            job = replays.follow(submitted.id(), handled -> bar.update(handled, total));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("stopped following " + submitted.id() + "; it goes on: eventflow replay status " + submitted.id(), e);
        }
        bar.finish();
        context.out().print(ReplayReports.job(job, json));
        return job.state() == ReplayState.COMPLETED ? 0 : 1;
    }
}
