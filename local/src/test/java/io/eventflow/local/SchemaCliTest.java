package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ./eventflow schema} reaches {@link io.eventflow.local.schema.SchemaCommand} with the project's root. */
class SchemaCliTest {

    @Test
    void schemaCheckRunsTheGateOnTheProject() {
        CliRun check = CliRun.run(TestStacks.projectRoot().resolve(".eventflow/no-session.json"), "schema", "check");

        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out()).startsWith("schema check: ok: 7 types, 7 published versions");
    }

    @Test
    void theUsageListsTheSchemaCommands() {
        CliRun help = CliRun.run(TestStacks.projectRoot().resolve(".eventflow/no-session.json"), "--help");

        assertThat(help.out()).contains("  schema diff <type> <v1> <v2>\n", "  schema catalog  regenerate docs/event-catalog.md");
    }
}
