package io.eventflow.local.cli;

import io.eventflow.local.CommandException;
import io.eventflow.local.schema.SchemaOperations;
import java.io.UncheckedIOException;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventflow schema}: the event schemas, their compatibility gate and the event catalog pages. */
@Command(name = "schema", description = "event schemas: versions, the compatibility gate, the event catalog")
final class SchemaCommand extends CommandGroup {

    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    SchemaCommand(CommandContext context) {
        this.context = context;
    }

    @Command(name = "list", description = "every event type: its versions, compatibility mode and consumers")
    int list() {
        return run(SchemaOperations::list);
    }

    @Command(name = "show", description = "one type's mode, versions, fields with types and descriptions, and example")
    int show(@Parameters(paramLabel = "<type>", description = "the event type, e.g. order.shipped") String type) {
        return run(operations -> operations.show(type));
    }

    @Command(name = "check", description = "the build's schema gate: catalog digests, every type's versions against its "
            + "mode, and whether docs/event-catalog.* are current (exit 1 on a problem)")
    int check() {
        return run(SchemaOperations::check);
    }

    @Command(name = "diff", description = "what breaks between two versions' files, backward and forward, and the verdict "
            + "of the type's mode (exit 1 if it breaks it); the later one may be a draft not yet in catalog.json")
    int diff(@Parameters(paramLabel = "<type>", description = "the event type") String type,
            @Parameters(paramLabel = "<v1>", converter = SchemaVersion.class, description = "the earlier version, 1 or v1") int earlier,
            @Parameters(paramLabel = "<v2>", converter = SchemaVersion.class, description = "the later version") int later) {
        if (earlier >= later) {
            throw new CommandLine.ParameterException(spec.subcommands().get("diff"),
                    "the first version must be the earlier one: " + earlier + " is not before " + later);
        }
        return run(operations -> operations.diff(type, earlier, later));
    }

    @Command(name = "catalog", description = "regenerate docs/event-catalog.md and docs/event-catalog.html")
    int catalog() {
        return run(SchemaOperations::catalog);
    }

    /** Runs one operation in the project; a schema or catalog file it cannot read is the user's to fix (exit 1). */
    private int run(ToIntFunction<SchemaOperations> operation) {
        try {
            return operation.applyAsInt(new SchemaOperations(context.workspace().get().root(), context.out()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }
}
