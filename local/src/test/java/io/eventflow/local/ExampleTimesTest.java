package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.consume.EventTimeWindow;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The examples moved to today pass admission on any day, however far from when they were written: here in 2031, with
 * the default time window, where the examples as written are refused as too old.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ExampleTimesTest {

    private static final Clock IN_2031 = Clock.fixed(Instant.parse("2031-06-15T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void theLatestExampleLandsOnTodayAndTheOthersKeepTheirDistanceTimeOfDayIdAndData() {
        List<Event> written = Demo.examples(TestStacks.projectRoot().resolve("events/examples"));
        List<Event> moved = ExampleTimes.latestOnToday(written, IN_2031).shift(written);

        assertThat(moved.stream().map(Event::time).max(Comparator.naturalOrder()).orElseThrow())
                .as("the latest on the clock's day").isBetween(Instant.parse("2031-06-15T00:00:00Z"), Instant.parse("2031-06-16T00:00:00Z"));
        for (int i = 0; i < written.size(); i++) {
            Event before = written.get(i);
            Event after = moved.get(i);
            Duration by = Duration.between(before.time(), after.time());
            assertThat(by.toDays()).isPositive();
            assertThat(by).as("whole days: the time of day is kept").isEqualTo(Duration.ofDays(by.toDays()));
            assertThat(by).as("every example moves as far").isEqualTo(Duration.between(written.getFirst().time(), moved.getFirst().time()));
            assertThat(after.toBuilder().time(before.time()).build()).as("nothing but the time changes").isEqualTo(before);
        }
        assertThat(moved.stream().map(DailyTypeCounter::keyOf).distinct().count())
                .as("each example still counts on a day of its own").isEqualTo(written.size());
    }

    @Test
    void movedExamplesAreAdmittedFarFrom2026WhereTheWrittenOnesAreRefusedAsTooOld(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {   // not started: this test's processor reads the queue
            FunctionDefinition.QueueSource analyticsQueue = runner.stack().function("analytics").orElseThrow().queueSources().getFirst();
            List<Event> written = Demo.examples(TestStacks.projectRoot().resolve("events/examples"));
            List<Event> moved = ExampleTimes.latestOnToday(written, IN_2031).shift(written);
            List<Event> handled = new CopyOnWriteArrayList<>();
            List<RecordResult> results = new CopyOnWriteArrayList<>();
            SqsBatchProcessor admission = SqsBatchProcessor.builder()
                    .consumer("example-times-" + UUID.randomUUID())
                    .validator(new EventValidator(EventTypeRegistry.fromClasspath()))
                    .idempotencyStore(IdempotencyStore.builder().dynamoDbClient(runner.clients().dynamoDb())
                            .tableName(runner.stack().ref("IdempotencyTable")).build())
                    .sqsClient(runner.clients().sqs())
                    .eventTimeWindow(EventTimeWindow.defaults())
                    .clock(IN_2031)
                    .listener(results::add)
                    .handler(delivery -> handled.add(delivery.event()))
                    .build();

            runner.publisher().publishAll(moved);
            admission.process(QueuedBatches.receive(runner, analyticsQueue, moved.size()),
                    runner.stack().function("analytics").orElseThrow().newInvocationContext());

            assertThat(results).extracting(RecordResult::outcome).hasSize(moved.size()).containsOnly(RecordOutcome.PROCESSED);
            assertThat(handled).containsExactlyInAnyOrderElementsOf(moved);
            assertThat(handled).extracting(DailyTypeCounter::keyOf).contains("order.shipped#" + LocalDate.of(2031, 6, 15));

            results.clear();
            List<Event> writtenFresh = written.stream().map(event -> event.toBuilder().id(null).build()).toList();
            runner.publisher().publishAll(writtenFresh);
            SQSEvent tooOld = QueuedBatches.receive(runner, analyticsQueue, writtenFresh.size());
            admission.process(tooOld, runner.stack().function("analytics").orElseThrow().newInvocationContext());

            assertThat(results).hasSize(writtenFresh.size()).allSatisfy(result -> {
                assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
                assertThat(result.error()).contains("before now (2031-06-15T06:00:00Z)");
            });
            assertThat(handled).as("none of the written ones reached the handler").hasSize(moved.size());
        }
    }
}
