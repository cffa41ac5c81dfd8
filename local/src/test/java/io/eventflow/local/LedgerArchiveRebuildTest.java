package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ./eventflow ledger rebuild --from-archive}: the ledger booked again from the archive by a reprocess replay. */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerArchiveRebuildTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLostProjectionComesBackFromTheArchiveAndNoOverdraftIsNotifiedTwice(AwsEmulator emulator, @TempDir Path dir) throws Exception {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            String overdrawn = "acc_rb" + Long.toHexString(System.nanoTime());
            runner.publisher().publishAll(List.of(TestStacks.example("account.opened"), TestStacks.example("deposit.made"),
                    TestStacks.example("withdrawal.made"),
                    accountEvent("account.opened", overdrawn, data -> data.put("initial_balance", "10.00").put("owner_email", "rb@example.com")),
                    accountEvent("withdrawal.made", overdrawn, data -> data.put("amount", "25.00"))));
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
            int emails = emulator.sentEmails().size();
            long analyticsReceived = runner.counters().get("analytics").received();
            // The seed account's projection is lost.
            runner.clients().dynamoDb().deleteItem(request -> request.tableName(runner.stack().ref("LedgerTable"))
                    .key(Map.of("account_id", AttributeValue.fromS("acc_123"), "sk", AttributeValue.fromS("projection"))));

            CliRun rebuild = CliRun.run(sessionFile, "ledger", "rebuild", "--from-archive", "--json");

            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            JsonNode report = JSON.readTree(rebuild.out());
            assertThat(report.path("accounts_after").asInt()).isEqualTo(report.path("accounts_before").asInt() + 1);
            assertThat(report.path("replayed").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(report.path("differences")).singleElement().satisfies(difference -> {
                assertThat(difference.path("account").asText()).isEqualTo("acc_123");
                assertThat(difference.path("before").asText()).isEqualTo("none");
                assertThat(difference.path("after").asText()).isEqualTo("150.00 USD (3 events)");
            });
            Instant betweenDepositAndWithdrawal = TestStacks.example("deposit.made").time().plus(Duration.ofHours(2));
            assertThat(CliRun.run(sessionFile, "ledger", "balance", "acc_123", "--at", betweenDepositAndWithdrawal.toString()).out())
                    .isEqualTo("acc_123 as of " + betweenDepositAndWithdrawal + ": 175.00 USD (2 events)\n");
            assertThat(CliRun.run(sessionFile, "ledger", "balance", overdrawn).out()).contains("-15.00 USD (2 events)");
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
            // Analytics gets every published event: the re-derived notice was not published again (not even as a duplicate).
            assertThat(runner.counters().get("analytics").received()).isEqualTo(analyticsReceived);
            assertThat(emulator.sentEmails()).as("the re-derived overdraft notice is not sent again").hasSize(emails);
        }
    }

    private static Event accountEvent(String type, String account, java.util.function.Consumer<ObjectNode> change) {
        Event example = TestStacks.example(type);
        ObjectNode data = (ObjectNode) example.data();
        data.put("account_id", account);
        change.accept(data);
        return example.toBuilder().id(null).subject(account).data(data).build();
    }
}
