package io.eventflow.local.cli;

import io.eventflow.local.ConsumerQueues;
import io.eventflow.local.DeadLetterInspector;
import io.eventflow.local.DeadLetterMessage;
import io.eventflow.local.DeadLetterReports;
import io.eventflow.local.StackLocator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventflow dlq show}. */
@Command(name = "show", description = "up to N dead-lettered messages, oldest first, without consuming them")
final class DlqShowCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<consumer>", description = "the consumer whose dead-letter queue to read")
    private String consumer;

    @Option(names = "--limit", paramLabel = "N", converter = PositiveLong.class, defaultValue = "10",
            description = "at most this many messages (default ${DEFAULT-VALUE})")
    private long limit;

    DlqShowCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            DeadLetterInspector inspector = new DeadLetterInspector(stack.clients().sqs());
            ConsumerQueues queues = stack.consumer(consumer);
            long count = inspector.count(queues.deadLetterQueueUrl());
            List<DeadLetterMessage> messages = inspector.peek(queues.deadLetterQueueUrl(), (int) Math.min(limit, Integer.MAX_VALUE));
            context.out().print(stackOption.json() ? DeadLetterReports.showJson(queues, count, messages) + "\n"
                    : DeadLetterReports.showText(queues, count, messages));
            return 0;
        }
    }
}
