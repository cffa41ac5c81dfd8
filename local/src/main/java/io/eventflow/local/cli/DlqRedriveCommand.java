package io.eventflow.local.cli;

import io.eventflow.local.ConsumerQueues;
import io.eventflow.local.DeadLetterRedriver;
import io.eventflow.local.DeadLetterReports;
import io.eventflow.local.ProgressBar;
import io.eventflow.local.StackLocator;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventflow dlq redrive}. */
@Command(name = "redrive", description = "move dead-lettered messages back to the consumer's queue")
final class DlqRedriveCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<consumer>", description = "the consumer whose dead-letter queue to move back")
    private String consumer;

    @Option(names = "--max", paramLabel = "N", converter = PositiveLong.class, description = "at most N messages")
    private Long max;

    @Option(names = "--rate", paramLabel = "R", converter = PositiveDouble.class, description = "at most R messages a second")
    private Double rate;

    DlqRedriveCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            ConsumerQueues queues = stack.consumer(consumer);
            ProgressBar bar = new ProgressBar(context.err(), ProgressBar.onTerminal(), "moved");
            DeadLetterRedriver.Result result = new DeadLetterRedriver(stack.clients().sqs()).redrive(queues,
                    max == null ? OptionalLong.empty() : OptionalLong.of(max),
                    rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate), bar);
            bar.finish();
            context.out().print(stackOption.json() ? DeadLetterReports.redriveJson(result) + "\n" : DeadLetterReports.redriveText(result));
            return result.complete() ? 0 : 1;
        }
    }
}
