package io.eventflow.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code dlq}, {@code ledger}): run alone, it is a usage error naming them. */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                spec.name() + " needs a subcommand: " + UsageErrorHandler.subcommands(spec.commandLine()));
    }
}
