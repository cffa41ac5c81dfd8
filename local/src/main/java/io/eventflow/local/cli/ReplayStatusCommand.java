package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.ReplayReports;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.local.StackLocator;
import io.eventflow.replay.ReplayJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventflow replay status}. */
@Command(name = "status", description = "a replay's state and counts")
final class ReplayStatusCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<id>", description = "the replay's id")
    private String id;

    ReplayStatusCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            context.out().print(ReplayReports.job(job(new ReplaySubmitter(stack), id), stackOption.json()));
            return 0;
        }
    }

    static ReplayJob job(ReplaySubmitter replays, String id) {
        return replays.replayer().status(id).orElseThrow(() -> new CommandException("there is no replay job " + id));
    }
}
