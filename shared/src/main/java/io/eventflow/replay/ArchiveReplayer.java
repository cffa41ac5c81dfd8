package io.eventflow.replay;

import io.eventflow.internal.PlatformLimits;
import io.eventflow.archive.ArchiveQuery;
import io.eventflow.archive.ArchiveReader;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.EventflowConfig;
import io.eventflow.archive.ArchivedEvent;
import io.eventflow.idempotency.IdempotencyKey;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.internal.Pacer;
import io.eventflow.publish.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends a window of the archive to one consumer's queue, in time order, as a resumable job ({@link ReplayJobStore}).
 *
 * <p>Each archived envelope goes unchanged, with the routing attributes the publisher sets ({@code type},
 * {@code event-id}) and the {@link ReplayMarker}, ten per {@code SendMessageBatch}. In recover mode the events the
 * target already completed are looked up first (one {@code BatchGetItem} per 100) and skipped without sending.
 *
 * <p>Progress is saved every {@code checkpointEvery} events (or {@code checkpointPeriod}) and whenever a run stops, as
 * the position of the last event sent or skipped; a later run reads on right after it. A run that stops cleanly
 * (its stop condition, a cancel, an error) therefore neither repeats nor skips an event. A run that dies between a
 * send and its checkpoint repeats at most {@code checkpointEvery} events on resume; the target's idempotency (same key
 * within one replay, in both modes) absorbs them. Costs, per event sent: 0.1 {@code SendMessageBatch}, 0.01
 * {@code BatchGetItem} in recover mode, {@code 1/checkpointEvery} checkpoint writes, and the archive queries (one
 * per type per day, per 1 MB page).
 *
 * <p>Thread-safe: runs share nothing but the clients; one job is run by one runner at a time (its lease).
 */
public final class ArchiveReplayer {

    /** Events looked up per {@code BatchGetItem} in recover mode, and the stop check's granularity between sends. */
    private static final int CHUNK = 100;
    /** SQS's limit per {@code SendMessageBatch}. */
    private static final int SEND_BATCH = PlatformLimits.SQS_BATCH_ENTRIES;
    private static final int SEND_ATTEMPTS = 5;

    private final ArchiveReader archive;
    private final ReplayJobStore jobs;
    private final SqsClient sqs;
    private final IdempotencyStore idempotency;
    private final Clock clock;
    private final int checkpointEvery;
    private final Duration checkpointPeriod;
    private final Duration lease;

    private ArchiveReplayer(Builder builder) {
        this.archive = Objects.requireNonNull(builder.archive, "archiveReader");
        this.jobs = Objects.requireNonNull(builder.jobs, "jobStore");
        this.sqs = Objects.requireNonNull(builder.sqs, "sqsClient");
        this.idempotency = Objects.requireNonNull(builder.idempotency, "idempotencyStore");
        this.clock = builder.clock;
        this.checkpointEvery = builder.checkpointEvery;
        this.checkpointPeriod = builder.checkpointPeriod;
        this.lease = builder.lease;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder wired from configuration ({@link ReplaySettings}): the archive, the replay jobs and the consumers'
     * idempotency records, read and written through {@code clients}.
     */
    public static Builder builder(EventflowConfig config, AwsClients clients) {
        ReplaySettings settings = ReplaySettings.from(config);
        return new Builder()
                .archiveReader(ArchiveReader.builder().dynamoDbClient(clients.dynamoDb()).tableName(settings.archiveTable()).build())
                .jobStore(ReplayJobStore.builder().dynamoDbClient(clients.dynamoDb()).tableName(settings.jobsTable()).build())
                .idempotencyStore(IdempotencyStore.builder().dynamoDbClient(clients.dynamoDb())
                        .tableName(settings.idempotencyTable()).build())
                .sqsClient(clients.sqs());
    }

    /** The job as recorded; empty when there is none with that id. */
    public Optional<ReplayJob> status(String id) {
        return jobs.find(id);
    }

    /** How many events a window holds (see {@link ArchiveReader#count}). */
    public long count(ArchiveQuery window) {
        return archive.count(window);
    }

    /** Cancels a job (see {@link ReplayJobStore#cancel}). */
    public ReplayJob cancel(String id) {
        return jobs.cancel(id);
    }

    /** Records a new job for {@code spec}; {@link #run} sends its events. */
    public ReplayJob start(ReplaySpec spec) {
        return jobs.create(spec);
    }

    /**
     * Counts what a replay of {@code spec} would send and skip, and returns the first {@code samples} events it would
     * send. Reads the archive (and, in recover mode, the target's idempotency records); sends and records nothing.
     */
    public DryRunReport dryRun(ReplaySpec spec, int samples) {
        Map<String, Long> byType = new LinkedHashMap<>();
        spec.window().types().forEach(type -> byType.put(type, 0L));
        List<ArchivedEvent> sample = new ArrayList<>();
        long matched = 0;
        long skipped = 0;
        try (Stream<ArchivedEvent> events = archive.entries(spec.window(), null)) {
            Iterator<ArchivedEvent> iterator = events.iterator();
            while (iterator.hasNext()) {
                List<ArchivedEvent> chunk = take(iterator);
                Set<String> done = completed(spec, chunk);
                for (ArchivedEvent event : chunk) {
                    matched++;
                    byType.merge(event.type(), 1L, Long::sum);
                    if (done.contains(IdempotencyKey.of(spec.target(), event.eventId()))) {
                        skipped++;
                    } else if (sample.size() < samples) {
                        sample.add(event);
                    }
                }
            }
        }
        return new DryRunReport(matched, matched - skipped, skipped, byType, sample);
    }

    /**
     * Runs the job from its cursor until its window is done (COMPLETED), a cancel is noticed (CANCELLED), an error
     * stops it (FAILED, the error recorded), or {@code stop} answers true between two sends (the job stays RUNNING and
     * is released, to be resumed by another call). {@code stop} is first asked after the run has sent or skipped
     * something, so every run makes progress.
     *
     * @return the job as stored at the end of this run
     * @throws ReplayNotRunnableException when the job does not exist, is finished, or another runner holds it
     */
    public ReplayJob run(String id, BooleanSupplier stop, ReplayListener listener) {
        String runner = UUID.randomUUID().toString();
        ReplayJob job = jobs.claim(id, runner, clock.instant().plus(lease)).orElseThrow(() -> notRunnable(id));
        Run run = new Run(job, runner, listener);
        try {
            return run.toEnd(stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.finish(ReplayState.FAILED, "interrupted");
        } catch (RuntimeException e) {
            return run.finish(ReplayState.FAILED, e.toString());
        }
    }

    private ReplayNotRunnableException notRunnable(String id) {
        ReplayJob job = jobs.find(id).orElse(null);
        if (job == null) {
            return new ReplayNotRunnableException("there is no replay job " + id, null);
        }
        if (!job.state().resumable()) {
            return new ReplayNotRunnableException("replay " + id + " is " + job.state() + "; it cannot run again", job);
        }
        if (job.cancelRequested()) {
            return new ReplayNotRunnableException("replay " + id + " is being cancelled", job);
        }
        return new ReplayNotRunnableException("replay " + id + " is being run by another runner until " + job.leaseUntil(), job);
    }

    /** One run of one job: what is committed (sent, and saved at the next checkpoint) and what is only examined. */
    private final class Run {
        private final ReplayJob job;
        private final String runner;
        private final ReplayListener listener;
        private final Pacer pacer;
        private long sent;
        private long skipped;
        private String cursor;
        private long sinceCheckpoint;
        private long lastCheckpointNanos = System.nanoTime();
        private boolean committedThisRun;
        // Examined but not yet sent: lost (and examined again) if the run stops before the next flush.
        private final List<ArchivedEvent> buffer = new ArrayList<>(SEND_BATCH);
        private long pendingSkipped;
        private String lastExamined;

        Run(ReplayJob job, String runner, ReplayListener listener) {
            this.job = job;
            this.runner = runner;
            this.listener = listener;
            this.pacer = new Pacer(job.spec().rate());
            this.sent = job.sent();
            this.skipped = job.skipped();
            this.cursor = job.cursor();
        }

        ReplayJob toEnd(BooleanSupplier stop) throws InterruptedException {
            ReplaySpec spec = job.spec();
            try (Stream<ArchivedEvent> events = archive.entries(spec.window(), cursor)) {
                Iterator<ArchivedEvent> iterator = events.iterator();
                while (iterator.hasNext()) {
                    if (stopping(stop)) {
                        return pause();
                    }
                    List<ArchivedEvent> chunk = take(iterator);
                    Set<String> done = completed(spec, chunk);
                    for (ArchivedEvent event : chunk) {
                        if (done.contains(IdempotencyKey.of(spec.target(), event.eventId()))) {
                            pendingSkipped++;
                        } else {
                            buffer.add(event);
                        }
                        lastExamined = event.position();
                        if (buffer.size() == SEND_BATCH) {
                            if (stopping(stop)) {
                                return pause();
                            }
                            flush();
                            if (checkpointDue() && !checkpoint(clock.instant().plus(lease))) {
                                return interrupted();
                            }
                        }
                    }
                    if (buffer.isEmpty()) {
                        flush();
                    }
                }
            }
            flush();
            return finish(ReplayState.COMPLETED, null);
        }

        /**
         * Whether to stop now. Never before this run committed something: a run whose stop condition holds from the
         * start (a time margin as long as the invocation) must still move the cursor, or its continuations would loop.
         */
        private boolean stopping(BooleanSupplier stop) {
            return committedThisRun && stop.getAsBoolean();
        }

        /** Sends the examined events not yet sent, and commits everything examined so far. */
        private void flush() throws InterruptedException {
            if (!buffer.isEmpty()) {
                pacer.awaitTurn(buffer.size());
                send(buffer);
            }
            committedThisRun |= !buffer.isEmpty() || pendingSkipped > 0;
            sent += buffer.size();
            skipped += pendingSkipped;
            sinceCheckpoint += buffer.size() + pendingSkipped;
            if (lastExamined != null) {
                cursor = lastExamined;
            }
            buffer.clear();
            pendingSkipped = 0;
            listener.progress(sent, skipped);
        }

        private void send(List<ArchivedEvent> events) throws InterruptedException {
            boolean fifo = job.spec().targetQueueUrl().endsWith(".fifo");
            String replayedAt = clock.instant().toString();
            Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                ArchivedEvent event = events.get(i);
                SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(event.envelope())
                        .messageAttributes(attributes(event, replayedAt));
                if (fifo) {
                    entry.messageGroupId(event.subject() != null ? event.subject() : event.type())
                            .messageDeduplicationId(event.eventId() + "-" + job.id());
                }
                pending.put(entry.build().id(), entry.build());
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                SendMessageBatchResponse response = sqs.sendMessageBatch(request -> request
                        .queueUrl(job.spec().targetQueueUrl()).entries(pending.values()));
                response.successful().forEach(ok -> pending.remove(ok.id()));
                if (pending.isEmpty()) {
                    return;
                }
                List<BatchResultErrorEntry> failed = response.failed();
                if (attempt == SEND_ATTEMPTS || failed.stream().anyMatch(BatchResultErrorEntry::senderFault)) {
                    throw new IllegalStateException("SQS refused " + pending.size() + " replayed messages after " + attempt
                            + " attempts: " + failed);
                }
                Thread.sleep(100L << attempt);
            }
        }

        /** The routing attributes, the replay marker, and the trace context the event was first delivered with. */
        private Map<String, MessageAttributeValue> attributes(ArchivedEvent event, String replayedAt) {
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
            attributes.put(EventPublisher.TYPE_ATTRIBUTE, string(event.type()));
            attributes.put(EventPublisher.EVENT_ID_ATTRIBUTE, string(event.eventId()));
            attributes.put(ReplayMarker.REPLAY_ID_ATTRIBUTE, string(job.id()));
            attributes.put(ReplayMarker.REPLAYED_AT_ATTRIBUTE, string(replayedAt));
            attributes.put(ReplayMarker.REPLAY_MODE_ATTRIBUTE, string(job.spec().mode().code()));
            event.traceContext().forEach((name, value) -> attributes.put(name, string(value)));
            return attributes;
        }

        private boolean checkpointDue() {
            return sinceCheckpoint >= checkpointEvery || System.nanoTime() - lastCheckpointNanos >= checkpointPeriod.toNanos();
        }

        private boolean checkpoint(Instant leaseUntil) {
            sinceCheckpoint = 0;
            lastCheckpointNanos = System.nanoTime();
            return jobs.checkpoint(job.id(), runner, sent, skipped, cursor, leaseUntil);
        }

        /** Stops for the caller: saves progress and releases the job at once, for the next run to resume. */
        private ReplayJob pause() {
            if (!checkpoint(clock.instant())) {
                return interrupted();
            }
            return jobs.find(job.id()).orElseThrow();
        }

        /** A checkpoint was refused: a cancel is pending (finish it), or another runner took the job (leave it). */
        private ReplayJob interrupted() {
            ReplayJob now = jobs.find(job.id()).orElseThrow();
            return now.cancelRequested() ? finish(ReplayState.CANCELLED, null) : now;
        }

        ReplayJob finish(ReplayState state, String error) {
            ReplayJob finished = jobs.finish(job.id(), runner, state, sent, skipped, cursor, error);
            listener.progress(finished.sent(), finished.skipped());
            return finished;
        }
    }

    private Set<String> completed(ReplaySpec spec, List<ArchivedEvent> events) {
        if (spec.mode() != ReplayMode.RECOVER) {
            return Set.of();
        }
        return idempotency.completed(events.stream().map(event -> IdempotencyKey.of(spec.target(), event.eventId())).toList());
    }

    private static List<ArchivedEvent> take(Iterator<ArchivedEvent> iterator) {
        List<ArchivedEvent> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK && iterator.hasNext()) {
            chunk.add(iterator.next());
        }
        return chunk;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Builder for {@link ArchiveReplayer}. */
    public static final class Builder {
        private ArchiveReader archive;
        private ReplayJobStore jobs;
        private SqsClient sqs;
        private IdempotencyStore idempotency;
        private Clock clock = Clock.systemUTC();
        private int checkpointEvery = 500;
        private Duration checkpointPeriod = Duration.ofSeconds(5);
        private Duration lease = Duration.ofMinutes(2);

        private Builder() {}

        public Builder archiveReader(ArchiveReader archive) {
            this.archive = archive;
            return this;
        }

        public Builder jobStore(ReplayJobStore jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder sqsClient(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        /** The idempotency store of the target consumers, read in recover mode. */
        public Builder idempotencyStore(IdempotencyStore idempotency) {
            this.idempotency = idempotency;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Save progress at least every {@code events} events sent or skipped (500 by default) and every
         * {@code period} (5 s by default): what a crashed run may repeat, against one write per checkpoint.
         */
        public Builder checkpointEvery(int events, Duration period) {
            if (events < 1) {
                throw new IllegalArgumentException("checkpoint interval must be positive, got " + events);
            }
            this.checkpointEvery = events;
            this.checkpointPeriod = Objects.requireNonNull(period);
            return this;
        }

        /** How long a run holds its job between checkpoints (2 minutes by default); longer than a checkpoint period. */
        public Builder lease(Duration lease) {
            this.lease = Objects.requireNonNull(lease);
            return this;
        }

        public ArchiveReplayer build() {
            return new ArchiveReplayer(this);
        }
    }
}
