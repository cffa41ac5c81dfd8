package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.consume.ConsumerSettings;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.notifier.NotificationEmails;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The main local job's promise: each consumer processes each unique event it subscribes to once, and skips repeats. */
@ExtendWith(AwsEmulatorExtension.class)
class DemoTest {

    /**
     * The consumers refuse events older than this: the examples' files are older (from 2026-02-27 on), the examples the
     * demo publishes, moved to today, are younger (their days span less than 12). So this demo runs as the default
     * two years' window would see it on any day, however far from when the examples were written.
     */
    private static final int MAX_AGE_DAYS = 14;

    @Test
    void processesEveryUniqueEventOnceAndReportsTheRepeatsAsDuplicates(AwsEmulator emulator) throws Exception {
        List<Event> examples = TestStacks.examples();
        long notifierTypes = examples.stream().filter(e -> NotificationEmails.TYPES.contains(e.type())).count();
        assertThat(Demo.examples(TestStacks.projectRoot().resolve("events/examples")))
                .as("the files' own times are outside the window").allMatch(written -> written.time().isBefore(
                        Instant.now().minus(Duration.ofDays(MAX_AGE_DAYS))));

        DemoReport report = new Demo(emulator, TestStacks.projectRoot(), null,
                Map.of(ConsumerSettings.EVENT_MAX_AGE_DAYS, Integer.toString(MAX_AGE_DAYS))).run();
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.path("published").asInt()).isEqualTo(2 * examples.size());
        assertThat(json.has("traces")).as("only with --traces").isFalse();
        assertThat(json.path("drained").asBoolean()).isTrue();
        JsonNode notifier = json.path("consumers").path("notifier");
        assertThat(notifier.path("processed").asLong()).isEqualTo(notifierTypes);
        assertThat(notifier.path("duplicates").asLong()).isEqualTo(notifierTypes);
        assertThat(notifier.path("failed").asLong()).isZero();
        JsonNode analytics = json.path("consumers").path("analytics");
        assertThat(analytics.path("processed").asLong()).isEqualTo(examples.size());
        assertThat(analytics.path("duplicates").asLong()).isEqualTo(examples.size());
        assertThat(analytics.path("dead_lettered").asLong()).isZero();
        // One count per example, on its day moved to today (the latest example's day is today, UTC).
        assertThat(json.path("analytics").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrderElementsOf(examples.stream().map(DailyTypeCounter::keyOf).toList())
                .contains("order.shipped#" + LocalDate.now(ZoneOffset.UTC));
        json.path("analytics").forEach(count -> assertThat(count.asLong()).isEqualTo(1));
        assertThat(json.path("emails").size()).isEqualTo((int) notifierTypes);
        // The replay's window reaches the end of the latest example's day, which can be later than now.
        assertThat(json.path("replay").path("dry_run").path("matched").asLong()).isEqualTo(notifierTypes);
        assertThat(json.path("replay").path("processed").asLong()).isEqualTo(notifierTypes);
        // The seed's account: opened with 100, deposit 75, withdrawal 25.
        JsonNode account = json.path("ledger").path("acc_123");
        assertThat(account.path("balance").asText()).isEqualTo("150.00");
        assertThat(account.path("currency").asText()).isEqualTo("USD");
        assertThat(account.path("events").asLong()).isEqualTo(3);
        assertThat(json.path("consumers").path("ledger").path("processed").asLong()).isEqualTo(3);
        assertThat(json.path("consumers").path("ledger").path("duplicates").asLong()).isEqualTo(3);
        JsonNode archiver = json.path("consumers").path("archiver");
        assertThat(archiver.path("processed").asLong()).isEqualTo(examples.size());
        assertThat(archiver.path("duplicates").asLong()).isEqualTo(examples.size());
        assertThat(archiver.path("dead_lettered").asLong()).isZero();
        assertThat(json.path("archive").path("archived").asLong()).isEqualTo(examples.stream().map(Event::id).distinct().count());
        assertThat(report.toText()).contains("archive: " + examples.size() + " events archived");
    }
}
