package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.local.cli.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code ./eventflow dlq ...} as a person types it, against the local session recorded in a session file. */
@ExtendWith(AwsEmulatorExtension.class)
class DeadLetterCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listShowAndRedriveTheLocalSessionsDeadLetterQueues(AwsEmulator emulator, @TempDir Path dir) throws Exception {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            SqsClient sqs = runner.clients().sqs();
            String dlq = runner.stack().ref("NotifierDeadLetterQueue");
            Event shipped = DeadLetters.event("order.shipped");
            DeadLetters.send(sqs, dlq, "{oops", DeadLetters.deadLettered(shipped, DeadLetterReason.MALFORMED, "not JSON"));
            Event signedUp = DeadLetters.event("user.signed_up");
            DeadLetters.send(sqs, dlq, DeadLetters.body(signedUp), DeadLetters.eventAttributes(signedUp));

            CliRun list = CliRun.run(sessionFile, "dlq", "list", "--json");
            assertThat(list.status()).as(list.err()).isZero();
            JsonNode listed = JSON.readTree(list.out());
            assertThat(listed.path("stack").asText()).isEqualTo(runner.stack().stackName());
            JsonNode notifier = listed.path("consumers").path(0);
            assertThat(notifier.path("consumer").asText()).isEqualTo("notifier");
            assertThat(notifier.path("dead_letter_queue_url").asText()).isEqualTo(dlq);
            assertThat(notifier.path("messages").asLong()).isEqualTo(2);
            assertThat(notifier.path("capped").asBoolean()).isFalse();
            assertThat(notifier.path("oldest_age_seconds").isNumber()).isTrue();
            assertThat(notifier.path("reasons").toString()).isEqualTo("{\"malformed\":1,\"redrive\":1}");
            JsonNode analytics = listed.path("consumers").path(1);
            assertThat(analytics.path("consumer").asText()).isEqualTo("analytics");
            assertThat(analytics.path("messages").asLong()).isZero();
            assertThat(analytics.path("oldest_age_seconds").isNull()).isTrue();

            CliRun show = CliRun.run(sessionFile, "dlq", "show", "notifier", "--limit", "1", "--json");
            assertThat(show.status()).as(show.err()).isZero();
            JsonNode shown = JSON.readTree(show.out());
            assertThat(shown.path("messages").asLong()).isEqualTo(2);
            assertThat(shown.path("shown").size()).isEqualTo(1);

            CliRun redrive = CliRun.run(sessionFile, "dlq", "redrive", "notifier", "--max", "1");
            assertThat(redrive.status()).as(redrive.err()).isZero();
            assertThat(redrive.out()).startsWith("notifier: moved 1 of 1 back to " + runner.stack().ref("NotifierQueue"));
            assertThat(redrive.err()).as("one progress line when not on a terminal").isEqualTo(
                    ProgressBar.render(1, 1) + " moved" + System.lineSeparator());

            CliRun text = CliRun.run(sessionFile, "dlq", "list");
            assertThat(text.out()).contains("dead-letter queues of stack " + runner.stack().stackName())
                    .containsPattern("notifier +1 +0 +\\d+s +(malformed|redrive) 1\n");
            assertThat(runner.depth(runner.stack().ref("NotifierQueue"))).isEqualTo(1);
        }
    }

    @Test
    void withoutALocalSessionItSaysToStartOne(@TempDir Path dir) {
        CliRun list = CliRun.run(dir.resolve("session.json"), "dlq", "list");

        assertThat(list.status()).isEqualTo(1);
        assertThat(list.err()).isEqualTo("eventflow: no local session: run ./eventflow up" + System.lineSeparator());
    }

    @Test
    void commandLineMistakesAreCaughtBeforeAnythingIsLookedUp() {
        java.util.function.Supplier<Workspace> untouchable = () -> {
            throw new AssertionError("the workspace was consulted");
        };
        assertThat(CliRun.run(untouchable, "dlq", "show").err()).startsWith("expected 1 argument(s), got 0");
        assertThat(CliRun.run(untouchable, "dlq", "redrive", "notifier", "--rate", "0").err())
                .startsWith("--rate takes a number above 0, not '0'");
        assertThat(CliRun.run(untouchable, "dlq", "show", "notifier", "--limit", "ten").err())
                .startsWith("--limit takes a whole number above 0, not 'ten'");
        assertThat(CliRun.run(untouchable, "dlq", "list", "--max", "3").err()).startsWith("unknown option --max");
        CliRun purge = CliRun.run(untouchable, "dlq", "purge", "notifier");
        assertThat(purge.status()).isEqualTo(2);
        assertThat(purge.err()).startsWith("unknown dlq subcommand 'purge'").contains("usage: eventflow");
    }
}
