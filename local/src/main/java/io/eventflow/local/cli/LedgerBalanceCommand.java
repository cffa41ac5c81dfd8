package io.eventflow.local.cli;

import io.eventflow.ledger.LedgerReader;
import io.eventflow.local.LedgerReports;
import io.eventflow.local.StackLocator;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventflow ledger balance}; exit 1 for an account with no events. */
@Command(name = "balance", description = "an account's balance now (from its projection) or as of an RFC 3339 time (the fold of its events up to "
        + "then)")
final class LedgerBalanceCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private StackOption stackOption;

    @Parameters(paramLabel = "<account>", description = "the account id")
    private String account;

    @Option(names = "--at", paramLabel = "TIME", converter = Rfc3339Time.class, description = "the balance as of this time")
    private Instant at;

    LedgerBalanceCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (StackLocator.LocatedStack stack = stackOption.open()) {
            LedgerReader reader = new LedgerReader(stack.clients().dynamoDb(), LedgerCommand.table(stack));
            Optional<LedgerReader.Balance> balance = at == null ? reader.balance(account) : reader.balanceAt(account, at);
            context.out().print(LedgerReports.balance(account, at, balance, stackOption.json()));
            return balance.isPresent() ? 0 : 1;
        }
    }
}
