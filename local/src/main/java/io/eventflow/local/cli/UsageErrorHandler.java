package io.eventflow.local.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake in the command line: one line saying what is wrong, then the command's usage, on stderr; exit status 2.
 * picocli's messages are reworded into eventflow's ({@code unknown option --max}, {@code --limit takes a whole number
 * above 0, not 'ten'}), which scripts and tests read.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    static final int EXIT_USAGE = 2;

    private final PrintStream err;

    UsageErrorHandler(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        err.println(message(e));
        err.println();
        command.usage(err);
        return EXIT_USAGE;
    }

    private static String message(ParameterException e) {
        CommandLine command = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().getFirst();
            if (argument.startsWith("-")) {
                return "unknown option " + argument;
            }
            if (!command.getSubcommands().isEmpty()) {
                return command.getParent() == null ? "unknown command '" + argument + "'"
                        : "unknown " + command.getCommandName() + " subcommand '" + argument + "': " + subcommands(command);
            }
            return "unexpected argument " + argument;
        }
        if (e instanceof MissingParameterException missing) {
            ArgSpec first = missing.getMissing().getFirst();
            if (first instanceof OptionSpec option) {
                return option.longestName() + " needs a value";
            }
            long expected = command.getCommandSpec().positionalParameters().stream().filter(p -> p.arity().min() > 0).count();
            int got = command.getParseResult() == null ? 0 : command.getParseResult().matchedPositionals().size();
            return "expected " + expected + " argument(s), got " + got;
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException conversion && e.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + conversion.getMessage();
        }
        return e.getMessage();
    }

    /** The command's subcommands as a sentence: {@code list, show or redrive}. */
    static String subcommands(CommandLine command) {
        List<String> names = new ArrayList<>(command.getSubcommands().keySet());
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
