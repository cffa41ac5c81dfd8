package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./eventflow ledger ...} against a local session whose ledger booked the seed's account. */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void balanceNowAndAsOfATimeAndTheHistory(AwsEmulator emulator, @TempDir Path dir) throws Exception {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            List<Event> seed = List.of(TestStacks.example("withdrawal.made"), TestStacks.example("account.opened"),
                    TestStacks.example("deposit.made"));
            runner.publisher().publishAll(seed);
            assertThat(runner.awaitDrained(Duration.ofSeconds(20))).isTrue();

            CliRun now = CliRun.run(sessionFile, "ledger", "balance", "acc_123", "--json");
            assertThat(now.status()).as(now.err()).isZero();
            JsonNode balance = JSON.readTree(now.out());
            assertThat(balance.path("balance").asText()).isEqualTo("150.00");
            assertThat(balance.path("currency").asText()).isEqualTo("USD");
            assertThat(balance.path("events").asLong()).isEqualTo(3);

            // Between the deposit and the withdrawal, a day apart: 100 + 75.
            Instant between = TestStacks.example("deposit.made").time().plus(Duration.ofHours(2));
            CliRun asOf = CliRun.run(sessionFile, "ledger", "balance", "acc_123", "--at", between.toString());
            assertThat(asOf.out()).isEqualTo("acc_123 as of " + between + ": 175.00 USD (2 events)\n");

            CliRun history = CliRun.run(sessionFile, "ledger", "history", "acc_123", "--json");
            assertThat(JSON.readTree(history.out()).path("events")).extracting(event -> event.path("type").asText())
                    .containsExactly("account.opened", "deposit.made", "withdrawal.made");

            CliRun unknown = CliRun.run(sessionFile, "ledger", "balance", "acc_nobody");
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.out()).isEqualTo("acc_nobody: no events\n");

            CliRun rebuild = CliRun.run(sessionFile, "ledger", "rebuild");
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertThat(rebuild.out()).isEqualTo("rebuilt 1 accounts from their events: every projection and snapshot matched\n");

            CliRun badTime = CliRun.run(sessionFile, "ledger", "balance", "acc_123", "--at", "yesterday");
            assertThat(badTime.status()).isEqualTo(2);
            assertThat(badTime.err()).startsWith("--at takes an RFC 3339 time");
        }
    }
}
