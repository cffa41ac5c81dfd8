package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.archive.ArchiveQuery;
import io.eventflow.consume.ConsumerSettings;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.Poll;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.replay.ReplayState;
import io.eventflow.replayer.ReplayWork;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * {@code ./eventflow replay} against a local session, through the replayer function as on AWS: the archive holds 240
 * events over three days and four types; one day's {@code order.*} is replayed into analytics.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ReplayFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY_ONE = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> TYPES = List.of("order.created", "order.shipped", "user.signed_up", "deposit.made");

    @Test
    void recoverBootstrapsAConsumerThenSkipsWhatItProcessedAndReprocessRecomputesAnEmptiedTable(AwsEmulator emulator,
                                                                                                @TempDir Path dir) throws Exception {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            List<Event> archived = archive(runner, 240);
            Map<String, Long> expected = archived.stream()
                    .filter(event -> event.type().startsWith("order."))
                    .filter(event -> LocalDate.ofInstant(event.time(), ZoneOffset.UTC).equals(LocalDate.parse("2026-03-02")))
                    .collect(Collectors.groupingBy(event -> event.type() + "#2026-03-02", TreeMap::new, Collectors.counting()));
            long window = expected.values().stream().mapToLong(Long::longValue).sum();
            String[] replay = {"replay", "--target", "analytics", "--type", "order.*", "--from", "2026-03-02", "--to", "2026-03-03", "--json"};

            CliRun dryRun = CliRun.run(sessionFile, with(replay, "--dry-run"));
            assertThat(dryRun.status()).as(dryRun.err()).isZero();
            JsonNode dry = JSON.readTree(dryRun.out());
            assertThat(dry.path("matched").asLong()).isEqualTo(window);
            assertThat(dry.path("would_send").asLong()).isEqualTo(window);
            assertThat(analytics(runner)).as("a dry run sends nothing").isEmpty();

            // Recover into a consumer that never saw these events: a new consumer bootstrapping from history.
            JsonNode first = completed(CliRun.run(sessionFile, replay));
            assertThat(first.path("sent").asLong()).isEqualTo(window);
            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(analytics(runner)).isEqualTo(expected);
            long processed = runner.counters().get("analytics").processed();

            // Recover again: the consumer processed everything, so nothing is sent and all is skipped.
            JsonNode again = completed(CliRun.run(sessionFile, replay));
            assertThat(again.path("sent").asLong()).isZero();
            assertThat(again.path("skipped").asLong()).isEqualTo(window);
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(runner.counters().get("analytics").processed()).isEqualTo(processed);

            // Reprocess into an emptied table (after a bug fix): every event runs again, the counts come back exactly.
            emptyAnalytics(runner);
            JsonNode reprocess = completed(CliRun.run(sessionFile, with(replay, "--mode", "reprocess")));
            assertThat(reprocess.path("sent").asLong()).isEqualTo(window);
            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();
            assertThat(analytics(runner)).isEqualTo(expected);
            assertThat(runner.counters().get("analytics").processed()).isEqualTo(processed + window);

            String id = reprocess.path("id").asText();
            CliRun status = CliRun.run(sessionFile, "replay", "status", id);
            assertThat(status.out()).startsWith(id + ": COMPLETED\n").contains("sent " + window + ", skipped 0");
            CliRun cancel = CliRun.run(sessionFile, "replay", "cancel", id, "--json");
            assertThat(JSON.readTree(cancel.out()).path("state").asText()).as("a finished replay stays finished").isEqualTo("COMPLETED");
            CliRun resume = CliRun.run(sessionFile, "replay", "resume", id);
            assertThat(resume.status()).isEqualTo(1);
            assertThat(resume.err()).contains("is COMPLETED");

            CliRun badTarget = CliRun.run(sessionFile, with(replay, "--target", "nobody"));
            assertThat(badTarget.status()).isEqualTo(1);
            assertThat(badTarget.err()).contains("no consumer 'nobody'").contains("analytics");
            CliRun badType = CliRun.run(sessionFile, "replay", "--target", "analytics", "--type", "order.cancelled", "--from", "2026-03-02");
            assertThat(badType.err()).contains("unknown event type 'order.cancelled'");
        }
    }

    @Test
    void aReplayLongerThanOneInvocationContinuesItselfUntilEveryEventIsSentOnce(AwsEmulator emulator) {
        Map<String, AtomicLong> sendsByQueue = new ConcurrentHashMap<>();
        ExecutionInterceptor requests = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendMessageRequest send) {
                    sendsByQueue.computeIfAbsent(send.queueUrl(), queue -> new AtomicLong()).incrementAndGet();
                }
            }
        };
        // Two-second invocations with a half-second margin; at 100 events a second, 300 events take several runs.
        try (LocalRunner runner = TestStacks.runner(emulator).functionTimeout(Duration.ofSeconds(2))
                .functionEnvironment(ConsumerSettings.TIME_MARGIN_MILLIS, "500").interceptor(requests).build().start()) {
            archive(runner, 300);
            ProvisionedStack stack = runner.stack();
            ArchiveReplayer replayer = runner.replayer();
            ReplayJob job = replayer.start(ReplaySpec.builder()
                    .target("analytics", stack.ref("AnalyticsQueue"))
                    .window(ArchiveQuery.builder().types(TYPES).from(DAY_ONE).to(DAY_ONE.plus(Duration.ofDays(3))).build())
                    .rate(100)
                    .build());
            String workQueue = stack.ref("ReplayJobsQueue");
            runner.clients().sqs().sendMessage(request -> request.queueUrl(workQueue).messageBody(new ReplayWork(job.id()).toJson()));

            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();

            ReplayJob done = replayer.status(job.id()).orElseThrow();
            assertThat(done.state()).as("%s", done.error()).isEqualTo(ReplayState.COMPLETED);
            assertThat(done.sent()).isEqualTo(300);
            long continuations = sendsByQueue.get(workQueue).get() - 1;
            assertThat(continuations).as("runs after the first (3 s of sending in 1.5 s runs)").isGreaterThanOrEqualTo(1);
            assertThat(runner.counters().get("analytics").processed()).as("each event once, across the runs").isEqualTo(300);
            assertThat(analytics(runner).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        }
    }

    @Test
    void aReplayJobsMessageThatNamesNoJobEndsInItsDeadLetterQueue(AwsEmulator emulator) throws Exception {
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            String workQueue = runner.stack().ref("ReplayJobsQueue");
            runner.clients().sqs().sendMessage(request -> request.queueUrl(workQueue).messageBody("{\"not\": \"a job\"}"));

            String deadLetters = runner.stack().ref("ReplayJobsDeadLetterQueue");
            Poll.every(Duration.ofMillis(200)).until(() -> runner.depth(deadLetters) > 0);
            assertThat(runner.depth(deadLetters)).isEqualTo(1);
            assertThat(runner.clients().sqs().receiveMessage(request -> request.queueUrl(deadLetters).messageAttributeNames("All")).messages())
                    .singleElement().satisfies(message -> {
                        assertThat(message.body()).isEqualTo("{\"not\": \"a job\"}");
                        // Dead-lettered at once by the replayer, through the batch processor, with the reason.
                        assertThat(message.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("non-retryable");
                        assertThat(message.messageAttributes().get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).isEqualTo("1");
                        assertThat(message.messageAttributes().get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).contains("names no job");
                    });
        }
    }

    private static JsonNode completed(CliRun run) throws Exception {
        assertThat(run.status()).as(run.err() + run.out()).isZero();
        JsonNode job = JSON.readTree(run.out());
        assertThat(job.path("state").asText()).isEqualTo("COMPLETED");
        return job;
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        for (int i = 0; i < more.length; i++) {
            int existing = all.indexOf(more[i]);
            if (existing >= 0 && i + 1 < more.length && !more[i + 1].startsWith("--")) {
                all.set(existing + 1, more[++i]);
            } else {
                all.add(more[i]);
            }
        }
        return all.toArray(String[]::new);
    }

    /** Events of the example shapes with fresh ids, spread over three days, written as the archiver writes them. */
    private static List<Event> archive(LocalRunner runner, int count) {
        Random random = new Random(3);
        EventCodec codec = new EventCodec();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestStacks.example(TYPES.get(i % TYPES.size())).toBuilder().id(null)
                    .time(DAY_ONE.plusMillis(random.nextLong(Duration.ofDays(3).toMillis()))).build());
        }
        String table = runner.stack().ref("ArchiveTable");
        List<WriteRequest> writes = events.stream().map(event -> WriteRequest.builder().putRequest(PutRequest.builder()
                .item(ArchiveItem.of(event, codec, Instant.now(), Duration.ZERO)).build()).build()).toList();
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> chunk = writes.subList(from, Math.min(writes.size(), from + 25));
            runner.clients().dynamoDb().batchWriteItem(request -> request.requestItems(Map.of(table, chunk)));
        }
        return events;
    }

    private static Map<String, Long> analytics(LocalRunner runner) {
        Map<String, Long> counts = new TreeMap<>();
        runner.clients().dynamoDb().scanPaginator(request -> request.tableName(runner.stack().ref("AnalyticsTable"))).items()
                .forEach(item -> counts.put(item.get("pk").s(), Long.parseLong(item.get("count").n())));
        return counts;
    }

    private static void emptyAnalytics(LocalRunner runner) {
        String table = runner.stack().ref("AnalyticsTable");
        runner.clients().dynamoDb().scanPaginator(request -> request.tableName(table)).items().forEach(item ->
                runner.clients().dynamoDb().deleteItem(request -> request.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(item.get("pk").s())))));
    }
}
