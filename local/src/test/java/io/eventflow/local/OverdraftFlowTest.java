package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A consumer that is also a producer: the ledger derives account.overdrawn, the notifier emails the owner, once. */
@ExtendWith(AwsEmulatorExtension.class)
class OverdraftFlowTest {

    @Test
    void anOverdrawingWithdrawalEmailsTheOwnerOnce(AwsEmulator emulator) {
        String account = "acc_od" + Long.toHexString(System.nanoTime());
        Event opened = event("account.opened", data -> data.put("account_id", account).put("initial_balance", "10.00")
                .put("owner_email", "owner-" + account + "@example.com"));
        Event withdrawal = event("withdrawal.made", data -> data.put("account_id", account).put("amount", "25.00"));
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            runner.publisher().publishAll(java.util.List.of(opened, withdrawal));
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
            runner.publisher().publish(withdrawal); // a redelivered cause derives nothing new
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();

            assertThat(emulator.sentEmails()).filteredOn(email -> email.subject().equals("Your account " + account + " is overdrawn"))
                    .singleElement().satisfies(email -> {
                        assertThat(email.to()).containsExactly("owner-" + account + "@example.com");
                        assertThat(email.body()).contains("-15.00 USD");
                    });
            assertThat(runner.counters().get("analytics").processed()).as("the derived event is an event like any other")
                    .isEqualTo(3);
        }
    }

    private static Event event(String type, Consumer<ObjectNode> change) {
        Event example = TestStacks.example(type);
        ObjectNode data = (ObjectNode) example.data();
        change.accept(data);
        return example.toBuilder().id(null).subject(data.path("account_id").asText()).data(data).build();
    }
}
