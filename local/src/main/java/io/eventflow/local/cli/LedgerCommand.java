package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.StackLocator;
import picocli.CommandLine.Command;

/** {@code eventflow ledger}: the event-sourced accounts. */
@Command(name = "ledger", description = "the ledger's accounts: balances, histories, rebuilds",
        subcommands = {LedgerBalanceCommand.class, LedgerHistoryCommand.class, LedgerRebuildCommand.class})
final class LedgerCommand extends CommandGroup {

    /** The stack's ledger table, from its {@code LedgerTableName} output. */
    static String table(StackLocator.LocatedStack stack) {
        String table = stack.outputs().get("LedgerTableName");
        if (table == null) {
            throw new CommandException("stack " + stack.name() + " has no LedgerTableName output: is the ledger deployed?");
        }
        return table;
    }
}
