package io.eventflow.local.cli;

import io.eventflow.local.DeadLetterInspector;
import io.eventflow.local.DeadLetterReports;
import io.eventflow.local.DeadLetterSummary;
import io.eventflow.local.StackLocator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eventflow dlq list}. */
@Command(name = "list", description = "per consumer: messages in its dead-letter queue, the oldest one's age, and the reasons (dlq-reason; "
        + "\"redrive\" where SQS moved it after maxReceiveCount receives)")
final class DlqListCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    DlqListCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            DeadLetterInspector inspector = new DeadLetterInspector(stack.clients().sqs());
            List<DeadLetterSummary> summaries = stack.consumers().values().stream().map(inspector::summarize).toList();
            context.out().print(stackOption.json() ? DeadLetterReports.listJson(stack, summaries, Instant.now()) + "\n"
                    : DeadLetterReports.listText(stack, summaries, Instant.now()));
            return 0;
        }
    }
}
