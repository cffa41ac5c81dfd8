package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.ReplayReports;
import io.eventflow.local.ReplaySubmitter;
import io.eventflow.local.StackLocator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventflow replay cancel}: stops a replay for good; a finished one stays as it is. */
@Command(name = "cancel", description = "stop a replay for good")
final class ReplayCancelCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<id>", description = "the replay's id")
    private String id;

    ReplayCancelCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            try {
                context.out().print(ReplayReports.job(new ReplaySubmitter(stack).replayer().cancel(id), stackOption.json()));
            } catch (IllegalArgumentException e) {
                throw new CommandException(e.getMessage(), e);
            }
            return 0;
        }
    }
}
