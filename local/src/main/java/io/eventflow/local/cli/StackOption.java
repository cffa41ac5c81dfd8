package io.eventflow.local.cli;

import io.eventflow.local.StackLocator;
import io.eventflow.local.iam.CliPrincipal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the operations commands ({@code dlq}, {@code ledger}, {@code replay}): {@code --stack NAME} for a
 * deployed stack, else the running local session; and {@code --json}.
 */
final class StackOption {

    private final CommandContext context;

    @Option(names = "--stack", paramLabel = "NAME", description = "act on a deployed stack (names from its CloudFormation outputs; region and credentials from the usual AWS "
        + "variables or profile), not the local session")
    private String name;

    @Mixin
    private JsonOption json;

    StackOption(CommandContext context) {
        this.context = context;
    }

    /** The stack this command acts on, a local session's as its operator (dlq, replay, ledger); the caller closes it. */
    StackLocator.LocatedStack open() {
        if (name != null) {
            return StackLocator.deployed(name);
        }
        Workspace workspace = context.workspace().get();
        return StackLocator.local(workspace.sessionFile(), workspace.template(), CliPrincipal.OPERATOR);
    }

    boolean json() {
        return json.json();
    }
}
