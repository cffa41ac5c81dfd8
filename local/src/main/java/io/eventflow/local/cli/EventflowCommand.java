package io.eventflow.local.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./eventflow}: every command, registered here. A new command is one class and one line in
 * {@code subcommands}.
 */
@Command(name = "eventflow",
        description = "eventflow's local command: the stack from template.yaml on an AWS emulator, and operations on a deployed stack.",
        subcommands = {
                DemoCommand.class,
                UpCommand.class,
                PublishCommand.class,
                InvokeCommand.class,
                DlqCommand.class,
                LedgerCommand.class,
                ReplayCommand.class,
                SchemaCommand.class,
                BenchCommand.class,
                SoakCommand.class,
                AutoComplete.GenerateCompletion.class,
        },
        footerHeading = "%nenvironment:%n",
        footer = "  EVENTFLOW_AWS_ENDPOINT   use this AWS-protocol endpoint instead of starting one")
public final class EventflowCommand extends CommandGroup {

    /** Characters per line of the usage help: as wide as the README's code blocks. */
    private static final int USAGE_WIDTH = 110;

    /**
     * Runs one command line.
     *
     * @return the exit status: 0 done, 1 the command failed, 2 a mistake in the command line
     */
    public static int run(CommandContext context, String... args) {
        CommandLine commandLine = new CommandLine(EventflowCommand.class, new ContextFactory(context));
        commandLine.setExpandAtFiles(false); // an argument starting with @ is an argument, not a file of them
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler(context.err()));
        commandLine.setExecutionExceptionHandler(new OperationalErrorHandler(context.err()));
        withHelpAndHeading(commandLine);
        int status = commandLine.execute(args);
        context.out().flush();
        return status;
    }

    /** Every command gets {@code -h/--help} and the same usage heading. */
    private static void withHelpAndHeading(CommandLine command) {
        command.getCommandSpec().usageMessage().synopsisHeading("usage: ").width(USAGE_WIDTH);
        if (command.getCommandSpec().findOption("--help") == null) { // picocli's own generate-completion has one
            command.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("show this help and exit").build());
        }
        command.getSubcommands().values().forEach(EventflowCommand::withHelpAndHeading);
    }
}
