package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ./eventflow schema}: picocli hands each subcommand to SchemaOperations with the project root. */
class SchemaCliTest {

    private static final Path NO_SESSION = TestStacks.projectRoot().resolve(".eventflow/no-session.json");

    @Test
    void schemaCheckRunsTheGateOnTheProject() {
        CliRun check = CliRun.run(NO_SESSION, "schema", "check");

        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).startsWith("schema check: ok: 7 types, 8 published versions");
    }

    @Test
    void diffTakesVersionsWithOrWithoutTheirV() {
        CliRun diff = CliRun.run(NO_SESSION, "schema", "diff", "order.shipped", "v1", "1");

        assertThat(diff.status()).isEqualTo(2);
        assertThat(diff.err()).startsWith("the first version must be the earlier one: 1 is not before 1\n\nusage: eventflow schema diff");
        assertThat(CliRun.run(NO_SESSION, "schema", "diff", "order.shipped", "one", "2").status()).isEqualTo(2);
    }

    @Test
    void anUnknownTypeOrSubcommandIsReported() {
        CliRun show = CliRun.run(NO_SESSION, "schema", "show", "order.teleported");
        assertThat(show.status()).isEqualTo(1);
        assertThat(show.err()).isEqualTo("eventflow: unknown event type 'order.teleported'\n");

        CliRun unknown = CliRun.run(NO_SESSION, "schema", "drop");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("unknown schema subcommand 'drop': catalog, check, diff, list or show");
    }

    @Test
    void theUsageListsTheSchemaCommands() {
        CliRun help = CliRun.run(NO_SESSION, "schema", "--help");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("list", "show", "check", "diff", "catalog", "regenerate docs/event-catalog.md");
    }
}
