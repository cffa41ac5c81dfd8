package io.eventflow.local.cli;

import picocli.CommandLine.Command;

/** {@code eventflow dlq}: the consumers' dead-letter queues. */
@Command(name = "dlq", description = "the consumers' dead-letter queues",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
final class DlqCommand extends CommandGroup {}
