package io.eventflow.local.cli;

import io.eventflow.ledger.LedgerReader;
import io.eventflow.local.LedgerReports;
import io.eventflow.local.StackLocator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code eventflow ledger history}. */
@Command(name = "history", description = "the account's events in the order of their own times")
final class LedgerHistoryCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<account>", description = "the account id")
    private String account;

    LedgerHistoryCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            LedgerReader reader = new LedgerReader(stack.clients().dynamoDb(), LedgerCommand.table(stack));
            context.out().print(LedgerReports.history(account, reader.history(account), stackOption.json()));
            return 0;
        }
    }
}
