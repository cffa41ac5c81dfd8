package io.eventflow.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.consume.ConsumerSettings;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.Poll;
import io.eventflow.event.Event;
import io.eventflow.notifier.NotificationEmails;
import io.eventflow.publish.EventPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The chaos soak: publishes events of every type (some twice), puts poison straight into the queues, injects
 * transient failures and crashes into the real handlers while they run concurrently, waits for quiescence and then
 * checks every effect against what the unique events call for.
 */
public final class Soak {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final int PUBLISH_CHUNK = 100;
    /**
     * Producers publish while consumers keep up: the soak holds each queue's backlog under this many messages. (moto's
     * receive also slows down with every message a queue holds.)
     */
    private static final int MAX_BACKLOG = 100;
    /** Short leases, so that crashed claims expire within the run. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(5);

    private final AwsEmulator emulator;
    private final Path projectRoot;
    private final SoakPlan plan;

    public Soak(AwsEmulator emulator, Path projectRoot, SoakPlan plan) {
        this.emulator = emulator;
        this.projectRoot = projectRoot;
        this.plan = plan;
    }

    public SoakReport run() {
        Random random = new Random(plan.seed());
        List<Event> unique = events(random);
        List<Event> published = new ArrayList<>(unique);
        unique.stream().filter(event -> random.nextDouble() < plan.duplicateRate()).forEach(published::add);
        Collections.shuffle(published, random);
        Set<String> crashIds = new HashSet<>();
        for (int i = 0; i < plan.crashes(); i++) {
            crashIds.add(unique.get(random.nextInt(unique.size())).id());
        }
        FaultInjector faults = new FaultInjector(plan.seed(), plan.transientFailureRate(), crashIds);
        RequestCounter requests = new RequestCounter();
        SentEmailRecorder emails = new SentEmailRecorder();
        String sender = "soak-" + plan.seed() + "-" + System.nanoTime() + "@example.com";

        try (LocalRunner runner = LocalRunner.builder()
                .endpoint(emulator.endpoint())
                .credentials(emulator.administrator())
                .region(emulator.region())
                .template(projectRoot.resolve("template.yaml"))
                .stackName("soak" + Long.toHexString(System.nanoTime()).substring(0, 6))
                .parameter(LocalRunner.SENDER_PARAMETER, sender)
                .functionTimeout(FUNCTION_TIMEOUT)
                .concurrentBatches(true)
                .functionEnvironment(ConsumerSettings.BATCH_TRANSACTIONS, Boolean.toString(plan.batchTransactions()))
                // A margin in proportion to the soak's short timeout (the default 3 s is for Lambda's 30 s).
                .functionEnvironment(ConsumerSettings.TIME_MARGIN_MILLIS, "1000")
                .decorator(faults)
                .interceptor(requests)
                .interceptor(emails)
                .build()) {
            shortenVisibility(runner);
            runner.start();
            long started = System.nanoTime();
            requests.reset();
            EventPublisher publisher = runner.publisher();
            for (int start = 0; start < published.size(); start += PUBLISH_CHUNK) {
                awaitBacklogBelow(runner, MAX_BACKLOG);
                publisher.publishAll(published.subList(start, Math.min(published.size(), start + PUBLISH_CHUNK)));
            }
            List<String> poison = sendPoison(runner, random, unique.size());
            boolean drained = runner.awaitDrained(DRAIN_TIMEOUT);
            long wallTime = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Map<String, Long> requestTotals = Map.of("DynamoDb", requests.total("DynamoDb"), "Sqs", requests.total("Sqs"));

            Effects effects = checkEffects(runner, unique, emails.bySubject());
            List<Message> deadLetters = deadLetters(runner);
            Set<String> reasoned = new HashSet<>();
            deadLetters.stream()
                    .filter(letter -> letter.messageAttributes().containsKey(DeadLetterReason.ATTRIBUTE))
                    .forEach(letter -> reasoned.add(letter.body()));
            long poisonDeadLettered = poison.stream().filter(reasoned::contains).count();

            long processed = 0;
            long duplicates = 0;
            long retries = 0;
            for (ConsumerCounters counters : runner.counters().values()) {
                processed += counters.processed();
                duplicates += counters.duplicates();
                retries += counters.failed();
            }
            return new SoakReport(published.size(), unique.size(), processed, duplicates, retries, deadLetters.size(),
                    poison.size(), poisonDeadLettered, effects.lost(), effects.appliedTwice(),
                    faults.transientFailures(), faults.crashes(),
                    (double) requestTotals.get("DynamoDb") / unique.size(), (double) requestTotals.get("Sqs") / unique.size(),
                    drained, wallTime, effects.discrepancies());
        }
    }

    /**
     * Unique events of every type, spread over the three days before today (near enough to now for the consumers'
     * time window), each with its own ids (so each email is recognisable).
     */
    private List<Event> events(Random random) {
        List<Event> examples = Demo.examples(projectRoot.resolve("events/examples"));
        Instant firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Event> events = new ArrayList<>(plan.events());
        for (int i = 0; i < plan.events(); i++) {
            Event example = examples.get(random.nextInt(examples.size()));
            ObjectNode data = (ObjectNode) example.data();
            String suffix = Integer.toString(i);
            rewriteIds(data, suffix);
            Instant time = firstDay.plusSeconds(random.nextLong(3 * 24 * 3600));
            events.add(example.toBuilder().id(null).time(time).subject(example.type() + "-" + suffix).data(data).build());
        }
        return events;
    }

    private static void rewriteIds(ObjectNode data, String suffix) {
        if (data.has("order_id")) {
            data.put("order_id", "ord_soak" + suffix);
        }
        if (data.has("account_id")) {
            data.put("account_id", "acc_soak" + suffix);
        }
        if (data.has("user_id")) {
            data.put("user_id", "usr_soak" + suffix);
            data.put("name", "Soak" + suffix);
        }
    }

    private static void awaitBacklogBelow(LocalRunner runner, int limit) {
        List<String> queues = runner.stack().consumers().stream()
                .flatMap(function -> function.queueSources().stream()).map(FunctionDefinition.QueueSource::queueUrl).toList();
        Poll.every(Duration.ofMillis(200)).forAtMost(DRAIN_TIMEOUT).until(() -> queues.stream().allMatch(queue -> runner.depth(queue) < limit));
    }

    /**
     * The template's rule, visibility = 6 x function timeout, applied to the soak's short timeout: a crashed batch
     * comes back after 30 s instead of the deployed 180 s.
     */
    private static void shortenVisibility(LocalRunner runner) {
        String seconds = Long.toString(6 * FUNCTION_TIMEOUT.toSeconds());
        runner.stack().consumers().stream().flatMap(function -> function.queueSources().stream()).forEach(source ->
                runner.clients().sqs().setQueueAttributes(request -> request.queueUrl(source.queueUrl())
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds))));
    }

    /** Malformed messages, straight into the consumers' queues, as a misbehaving producer would send them. */
    private List<String> sendPoison(LocalRunner runner, Random random, int uniqueEvents) {
        List<String> queues = runner.stack().consumers().stream()
                .flatMap(function -> function.queueSources().stream())
                .map(FunctionDefinition.QueueSource::queueUrl)
                .toList();
        int count = (int) Math.max(1, Math.round(uniqueEvents * plan.poisonRate()));
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"poison\": " + i + ", \"seed\": " + plan.seed() + ", \"not\": \"a CloudEvent\"}";
            String queue = queues.get(random.nextInt(queues.size()));
            runner.clients().sqs().sendMessage(request -> request.queueUrl(queue).messageBody(body));
            bodies.add(body);
        }
        return bodies;
    }

    private record Effects(long lost, long appliedTwice, List<String> discrepancies) {}

    /**
     * Emails per recipient subject, counters per type and day and archived event ids, against what the unique events
     * call for.
     */
    private static Effects checkEffects(LocalRunner runner, List<Event> unique, Map<String, Long> actualEmails) {
        NotificationEmails emails = new NotificationEmails();
        Map<String, Long> expectedEmails = new HashMap<>();
        Map<String, Long> expectedCounts = new HashMap<>();
        for (Event event : unique) {
            expectedCounts.merge(event.type() + "#" + LocalDate.ofInstant(event.time(), ZoneOffset.UTC), 1L, Long::sum);
            if (NotificationEmails.TYPES.contains(event.type())) {
                emails.compose(event).ifPresent(email -> expectedEmails.merge(email.subject(), 1L, Long::sum));
            }
        }
        Map<String, Long> actualCounts = new HashMap<>();
        runner.clients().dynamoDb().scanPaginator(request -> request.tableName(runner.stack().ref("AnalyticsTable"))).items()
                .forEach(item -> actualCounts.put(item.get("pk").s(),
                        Long.parseLong(item.getOrDefault("count", AttributeValue.fromN("0")).n())));
        Map<String, Long> expectedArchive = new HashMap<>();
        unique.forEach(event -> expectedArchive.put(event.id(), 1L));
        Map<String, Long> actualArchive = new HashMap<>();
        runner.clients().dynamoDb().scanPaginator(request -> request.tableName(runner.stack().ref("ArchiveTable"))
                        .projectionExpression(ArchiveItem.EVENT_ID)).items()
                .forEach(item -> actualArchive.merge(item.get(ArchiveItem.EVENT_ID).s(), 1L, Long::sum));
        long lost = shortfall(expectedEmails, actualEmails) + shortfall(expectedCounts, actualCounts)
                + shortfall(expectedArchive, actualArchive);
        long twice = shortfall(actualEmails, expectedEmails) + shortfall(actualCounts, expectedCounts)
                + shortfall(actualArchive, expectedArchive);
        List<String> discrepancies = new ArrayList<>();
        describe("email", expectedEmails, actualEmails, discrepancies);
        describe("counter", expectedCounts, actualCounts, discrepancies);
        describe("archived event", expectedArchive, actualArchive, discrepancies);
        return new Effects(lost, twice, discrepancies);
    }

    private static void describe(String kind, Map<String, Long> expected, Map<String, Long> actual, List<String> out) {
        Set<String> keys = new HashSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        keys.stream().sorted().forEach(key -> {
            long want = expected.getOrDefault(key, 0L);
            long got = actual.getOrDefault(key, 0L);
            if (want != got) {
                out.add(kind + " '" + key + "': expected " + want + ", got " + got);
            }
        });
    }

    /** How far {@code actual} falls short of {@code expected}, summed over keys. */
    private static long shortfall(Map<String, Long> expected, Map<String, Long> actual) {
        return expected.entrySet().stream()
                .mapToLong(entry -> Math.max(0, entry.getValue() - actual.getOrDefault(entry.getKey(), 0L)))
                .sum();
    }

    private static List<Message> deadLetters(LocalRunner runner) {
        List<Message> letters = new ArrayList<>();
        for (String logicalId : runner.stack().resources().keySet()) {
            if (!logicalId.endsWith("DeadLetterQueue")) {
                continue;
            }
            String url = runner.stack().ref(logicalId);
            while (true) {
                List<Message> batch = runner.clients().sqs().receiveMessage(request -> request.queueUrl(url)
                        .maxNumberOfMessages(10).visibilityTimeout(300).waitTimeSeconds(0)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
                if (batch.isEmpty()) {
                    break;
                }
                letters.addAll(batch);
            }
        }
        return letters;
    }
}
