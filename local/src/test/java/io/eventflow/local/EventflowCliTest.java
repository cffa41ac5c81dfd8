package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.local.cli.Workspace;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The command line itself: help, usage errors (exit 2) and their messages, before any AWS or workspace is touched. */
class EventflowCliTest {

    private static final Supplier<Workspace> UNTOUCHABLE = () -> {
        throw new AssertionError("the workspace was consulted");
    };

    private static final List<String> COMMANDS = List.of("demo", "up", "publish", "invoke", "dlq", "ledger", "replay", "bench", "soak");

    @Test
    void helpListsEveryCommandOnStdoutAndExitsZero() {
        CliRun help = CliRun.run(UNTOUCHABLE, "--help");

        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("usage: eventflow");
        COMMANDS.forEach(command -> assertThat(help.out()).containsPattern("\n  " + command + " +\\S"));
        assertThat(help.out()).contains("EVENTFLOW_AWS_ENDPOINT");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void everyCommandAndSubcommandHasItsOwnHelp() {
        for (String[] command : List.of(new String[] {"demo"}, new String[] {"invoke"}, new String[] {"dlq", "redrive"},
                new String[] {"ledger", "balance"}, new String[] {"replay"}, new String[] {"replay", "resume"}, new String[] {"soak"})) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun help = CliRun.run(UNTOUCHABLE, args);
            assertThat(help.status()).as(String.join(" ", args)).isZero();
            assertThat(help.out()).startsWith("usage: eventflow " + String.join(" ", command) + " ");
        }
        assertThat(CliRun.run(UNTOUCHABLE, "dlq", "show", "--help").out()).contains("--stack=NAME").contains("--json").contains("--limit=N");
        assertThat(CliRun.run(UNTOUCHABLE, "soak", "--help").out()).contains("(default 10000)");
    }

    @Test
    void bashCompletionIsGeneratedFromTheCommands() {
        CliRun completion = CliRun.run(UNTOUCHABLE, "generate-completion");

        assertThat(completion.status()).isZero();
        assertThat(completion.out()).contains("complete -F _complete_eventflow").contains("dlq").contains("redrive").contains("--stack");
    }

    @Test
    void noCommandIsAUsageErrorOnStderr() {
        CliRun none = CliRun.run(UNTOUCHABLE);

        assertThat(none.status()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).startsWith("eventflow needs a subcommand: demo, up, publish, invoke").contains("usage: eventflow");
    }

    @Test
    void mistakesExitTwoWithOneLineSayingWhatIsWrong() {
        assertUsageError(CliRun.run(UNTOUCHABLE, "teleport"), "unknown command 'teleport'");
        assertUsageError(CliRun.run(UNTOUCHABLE, "ledger"), "ledger needs a subcommand: balance, history or rebuild");
        assertUsageError(CliRun.run(UNTOUCHABLE, "invoke", "NotifierFunction"), "invoke needs -e <event.json>");
        assertUsageError(CliRun.run(UNTOUCHABLE, "soak", "--events", "0"), "--events takes a whole number above 0, not '0'");
        assertUsageError(CliRun.run(UNTOUCHABLE, "bench", "--runs", "99999999999"), "--runs takes a whole number from 1 to 2147483647");
        assertUsageError(CliRun.run(UNTOUCHABLE, "replay", "--target", "analytics", "--type", "order.shipped", "--from", "tomorrow"),
                "--from takes a UTC day (2026-02-02) or an RFC 3339 time (2026-02-02T12:00:00Z), not 'tomorrow'");
        assertUsageError(CliRun.run(UNTOUCHABLE, "replay", "--target", "analytics"), "replay needs --type");
        assertUsageError(CliRun.run(UNTOUCHABLE, "replay", "rewind", "x"), "unknown replay subcommand 'rewind': status, resume or cancel");
        assertUsageError(CliRun.run(UNTOUCHABLE, "ledger", "history", "a", "b"), "unexpected argument b");
        assertUsageError(CliRun.run(UNTOUCHABLE, "dlq", "list", "--stack"), "--stack needs a value");
        assertUsageError(CliRun.run(UNTOUCHABLE, "demo", "--jsno"), "unknown option --jsno");
    }

    private static void assertUsageError(CliRun run, String message) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith(message).contains("usage: eventflow");
        assertThat(run.out()).isEmpty();
    }
}
