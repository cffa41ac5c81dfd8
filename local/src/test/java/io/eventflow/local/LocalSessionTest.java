package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code ./eventflow up} keeps a stack running and recorded; {@code ./eventflow publish} finds it through the record. */
@ExtendWith(AwsEmulatorExtension.class)
class LocalSessionTest {

    @Test
    void aSessionIsRecordedReachedByPublishAndRemovedWhenItStops(AwsEmulator emulator, @TempDir Path dir) throws IOException {
        Path root = TestStacks.projectRoot();
        Path sessionFile = dir.resolve(".eventflow/session.json");
        String stackName = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalSession session = LocalSession.start(emulator, root, sessionFile, stackName)) {
            assertThat(SessionFile.read(sessionFile)).contains(
                    new SessionFile(emulator.endpoint(), emulator.region(), stackName, ProcessHandle.current().pid(), emulator.administrator().resolveCredentials()));
            assertThat(session.summary())
                    .contains(session.runner().stack().ref("EventsTopic"))
                    .contains("notifier    queue " + session.runner().stack().ref("NotifierQueue"))
                    .contains("dlq   " + session.runner().stack().ref("AnalyticsDeadLetterQueue"));
            assertThatThrownBy(() -> LocalSession.start(emulator, root, sessionFile, stackName))
                    .isInstanceOf(CommandException.class).hasMessageStartingWith("A local session is already running");

            // A file is published as written: here the example of user.signed_up, happening now (not on its moved day).
            Event signedUpNow = TestStacks.exampleAsWritten("user.signed_up").toBuilder().time(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build();
            Path signedUpFile = Files.writeString(dir.resolve("signed-up.json"), new EventCodec().encode(signedUpNow));
            CliRun example = CliRun.run(sessionFile, "publish", "order.shipped");
            CliRun file = CliRun.run(sessionFile, "publish", signedUpFile.toString());
            CliRun unknown = CliRun.run(sessionFile, "publish", "order.teleported");

            assertThat(example.status()).as(example.err()).isZero();
            assertThat(example.out()).startsWith("published order.shipped ").contains(session.runner().stack().ref("EventsTopic"));
            assertThat(example.out()).as("a fresh id, not the example's")
                    .doesNotContain(TestStacks.example("order.shipped").id());
            assertThat(file.status()).as(file.err()).isZero();
            assertThat(file.out()).contains("published user.signed_up " + TestStacks.example("user.signed_up").id());
            assertThat(unknown.status()).isEqualTo(1);
            assertThat(unknown.err()).contains("'order.teleported' is neither a file nor an event type with an example")
                    .contains("order.shipped, user.signed_up");
            assertThat(session.runner().awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(session.runner().counters().get("notifier").processed()).isEqualTo(2);
            assertThat(session.runner().counters().get("analytics").processed()).isEqualTo(2);
            // The type's example is published moved as the demo moves it (the latest example on today), the file as written.
            Event shippedToday = TestStacks.example("order.shipped");
            assertThat(analyticsCount(session, DailyTypeCounter.keyOf(shippedToday))).isEqualTo(1);
            assertThat(analyticsCount(session, DailyTypeCounter.keyOf(signedUpNow))).isEqualTo(1);
            assertThat(DailyTypeCounter.keyOf(signedUpNow)).as("moved, the example would count on another day")
                    .isNotEqualTo(DailyTypeCounter.keyOf(TestStacks.example("user.signed_up")));
        }
        assertThat(sessionFile).doesNotExist();
    }

    private static long analyticsCount(LocalSession session, String key) {
        Map<String, AttributeValue> item = session.runner().clients().dynamoDb().getItem(request -> request
                .tableName(session.runner().stack().ref("AnalyticsTable")).key(Map.of("pk", AttributeValue.fromS(key)))).item();
        return item.containsKey("count") ? Long.parseLong(item.get("count").n()) : 0;
    }
}
