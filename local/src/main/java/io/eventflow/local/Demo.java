package io.eventflow.local;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.SentEmail;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.ledger.LedgerReader;
import io.eventflow.local.traces.LocalTracing;
import io.eventflow.notifier.NotificationEmails;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.DryRunReport;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.replayer.ReplayWork;
import io.eventflow.telemetry.Telemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The main local job: bring the template's stack up on an emulator, publish every example event twice (moved to
 * today: {@link ExampleTimes}), let the consumers drain their queues, and report what each did; with tracing, also the
 * trace of each event.
 */
public final class Demo {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(90);

    private final AwsEmulator emulator;
    private final Path projectRoot;
    private final LocalTracing tracing;
    private final Map<String, String> functionEnvironment;

    public Demo(AwsEmulator emulator, Path projectRoot) {
        this(emulator, projectRoot, null);
    }

    /**
     * @param tracing where the functions export their spans, and whose received spans give the report its traces;
     *                null for a demo without tracing
     */
    public Demo(AwsEmulator emulator, Path projectRoot, LocalTracing tracing) {
        this(emulator, projectRoot, tracing, Map.of());
    }

    /** With environment variables of every function over the template's (tests: a narrower event time window). */
    Demo(AwsEmulator emulator, Path projectRoot, LocalTracing tracing, Map<String, String> functionEnvironment) {
        this.emulator = emulator;
        this.projectRoot = projectRoot;
        this.tracing = tracing;
        this.functionEnvironment = Map.copyOf(functionEnvironment);
    }

    public DemoReport run() {
        long started = System.nanoTime();
        LocalRunner.Builder builder = LocalRunner.builder()
                .endpoint(emulator.endpoint())
                .credentials(emulator.administrator())
                .region(emulator.region())
                .template(projectRoot.resolve("template.yaml"));
        functionEnvironment.forEach(builder::functionEnvironment);
        if (tracing != null) {
            tracing.exporterEnvironment().forEach(builder::functionEnvironment);
        }
        try (LocalRunner runner = builder.build().start()) {
            List<Event> examples = examplesToday(projectRoot.resolve("events/examples"), Clock.systemUTC());
            List<Event> twice = new ArrayList<>(examples);
            twice.addAll(examples);
            publish(runner, twice);
            boolean drained = runner.awaitDrained(DRAIN_TIMEOUT);
            Map<String, DemoReport.ConsumerTally> tallies = tallies(runner);
            Map<String, LedgerReader.Balance> ledger = new LedgerReader(runner.clients().dynamoDb(), runner.stack().ref("LedgerTable")).balances();
            long archived = archived(runner);
            List<SentEmail> emails = emulator.sentEmails();
            DemoReport.Replay replay = drained ? replay(runner, examples) : null;
            drained = drained && replay.drained();
            long wallTime = Duration.ofNanos(System.nanoTime() - started).toMillis();
            DemoReport.Traces traces = tracing == null ? null : new DemoReport.Traces(tracing.zipkin().uiUrl(),
                    tracing.eventTraces(examples.stream().map(Event::id).distinct().toList()));
            return new DemoReport(twice.size(), tallies, analytics(runner), ledger, archived, replay, emails, traces, drained, wallTime);
        }
    }

    /** Publishes as a producer would; with tracing, as a traced producer ({@link LocalTracing#PUBLISHER_SERVICE}). */
    private void publish(LocalRunner runner, List<Event> events) {
        if (tracing == null) {
            runner.publisher().publishAll(events);
            return;
        }
        try (Telemetry telemetry = LocalTracing.publisherTelemetry(tracing.otlpEndpoint())) {
            runner.publisher(telemetry).publishAll(events);
            telemetry.flush();
        }
    }

    /**
     * Replays what the notifier was sent, in reprocess mode, through the replayer function as on AWS: a dry run first,
     * then the job. The notifier processes every event again and, being a reprocess, emails nobody a second time.
     */
    private DemoReport.Replay replay(LocalRunner runner, List<Event> published) {
        ProvisionedStack stack = runner.stack();
        ArchiveReplayer replayer = runner.replayer();
        Instant earliest = published.stream().map(Event::time).min(Comparator.naturalOrder()).orElseThrow();
        // To the end of the latest's day, not now: moved to today, the latest example can be later than now.
        Instant latest = published.stream().map(Event::time).max(Comparator.naturalOrder()).orElseThrow();
        ReplaySpec spec = ReplaySpec.builder()
                .target("notifier", stack.ref("NotifierQueue"))
                .mode(ReplayMode.REPROCESS)
                .window(ArchiveQuery.builder().types(new TreeSet<>(NotificationEmails.TYPES))
                        .from(earliest.truncatedTo(ChronoUnit.DAYS)).to(latest.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS)).build())
                .build();
        DryRunReport dryRun = replayer.dryRun(spec, 0);
        long processedBefore = runner.counters().get("notifier").processed();
        int emailsBefore = emulator.sentEmails().size();
        ReplayJob job = replayer.start(spec);
        runner.clients().sqs().sendMessage(request -> request.queueUrl(stack.ref("ReplayJobsQueue"))
                .messageBody(new ReplayWork(job.id()).toJson()));
        boolean drained = runner.awaitDrained(DRAIN_TIMEOUT);
        ReplayJob done = replayer.status(job.id()).orElseThrow();
        return new DemoReport.Replay(done, dryRun, runner.counters().get("notifier").processed() - processedBefore,
                emulator.sentEmails().size() - emailsBefore, drained);
    }

    /** Every example event in a folder, in file-name order, moved so the latest is on the clock's day (UTC). */
    public static List<Event> examplesToday(Path folder, Clock clock) {
        List<Event> examples = examples(folder);
        return ExampleTimes.latestOnToday(examples, clock).shift(examples);
    }

    /** Every example event in a folder, in file-name order, as written. */
    public static List<Event> examples(Path folder) {
        EventCodec codec = new EventCodec();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(file -> {
                try {
                    return codec.decode(Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    private static Map<String, DemoReport.ConsumerTally> tallies(LocalRunner runner) {
        Map<String, DemoReport.ConsumerTally> tallies = new LinkedHashMap<>();
        Map<String, ConsumerQueues> queues = StackLocator.consumers(runner.stack().outputs());
        for (FunctionDefinition function : runner.stack().consumers()) {
            ConsumerCounters counters = runner.counters().get(function.consumerName());
            ConsumerQueues own = queues.get(function.consumerName());
            long deadLettered = own == null ? 0 : runner.depth(own.deadLetterQueueUrl());
            tallies.put(function.consumerName(), new DemoReport.ConsumerTally(
                    counters.received(), counters.processed(), counters.duplicates(), counters.failed(), deadLettered));
        }
        return tallies;
    }

    /** Items in the archive table: one per archived event. */
    private static long archived(LocalRunner runner) {
        return runner.clients().dynamoDb().scanPaginator(request -> request
                .tableName(runner.stack().ref("ArchiveTable")).select(Select.COUNT)).stream().mapToLong(page -> page.count()).sum();
    }

    private static Map<String, Long> analytics(LocalRunner runner) {
        Map<String, Long> counts = new TreeMap<>();
        runner.clients().dynamoDb().scanPaginator(request -> request.tableName(runner.stack().ref("AnalyticsTable")))
                .items()
                .forEach(item -> counts.put(item.get("pk").s(), Long.parseLong(item.getOrDefault("count", AttributeValue.fromN("0")).n())));
        return counts;
    }
}
