package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.local.StackLocator;
import io.eventflow.replay.ReplayJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventflow replay resume}: a stopped or failed replay handed to the replayer again, from its cursor. */
@Command(name = "resume", description = "hand a stopped or failed replay to the replayer again (it goes on from its cursor)")
final class ReplayResumeCommand implements Callable<Integer> {

    @Mixin
    private StackOption stackOption;

    @Mixin
    private FollowOption followOption;

    @Parameters(paramLabel = "<id>", description = "the replay's id")
    private String id;

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            ReplaySubmitter replays = new ReplaySubmitter(stack);
            ReplayJob job = ReplayStatusCommand.job(replays, id);
            if (!job.state().resumable()) {
                throw new CommandException("replay " + id + " is " + job.state() + "; only a STARTING, RUNNING or FAILED replay resumes");
            }
            replays.submit(id);
            return followOption.followed(replays, job, stackOption.json());
        }
    }
}
