package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.internal.DeadLetterSender;
import io.eventflow.consume.internal.Requeue;
import io.eventflow.consume.internal.SourceQueue;
import io.eventflow.consume.internal.SourceQueues;
import io.eventflow.consume.internal.TransactionGroups;
import io.eventflow.consume.internal.VisibilityChanges;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventValidator;
import io.eventflow.event.InvalidEventException;
import io.eventflow.event.MalformedEventException;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyKey;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.publish.EventPublisher;
import io.eventflow.replay.ReplayMarker;
import io.eventflow.replay.ReplayMode;
import io.eventflow.telemetry.MessageSpan;
import io.eventflow.telemetry.MessagingSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs one consumer over an SQS batch: for each record, parse the CloudEvent, validate it against its schema, claim
 * it in the idempotency store, run the handler, complete. Returns only the ids of records SQS should deliver again
 * ({@code ReportBatchItemFailures}). Each record ends in one {@link RecordOutcome}:
 * <ul>
 *   <li><b>retryable</b> failures (any exception but {@link NonRetryableException}) are reported failed and their
 *       visibility set to an exponential backoff with full jitter ({@link Backoff}); on the queue's last allowed
 *       receive they are dead-lettered with the last error instead, so the DLQ says why;</li>
 *   <li><b>non-retryable</b> ones (malformed, unknown type, schema-invalid, routing attributes missing or not
 *       matching the body, payload conflict,
 *       {@link NonRetryableException}) go to the dead-letter queue at once with the reason, and are deleted;</li>
 *   <li>a record another worker is processing (unexpired lease) is retried after a short backoff and is never
 *       dead-lettered for it: on the last allowed receive it is put back as a fresh message;</li>
 *   <li>when the invocation has less than the time margin left, or an earlier message of the same FIFO group failed,
 *       the remaining records are reported failed without being claimed.</li>
 * </ul>
 * Build one per execution environment and reuse it; it is thread-safe.
 */
public final class SqsBatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchProcessor.class);
    /** Lease used when Lambda's context gives no remaining time (a runner without a deadline). */
    private static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    private final String consumer;
    private final EventCodec codec;
    private final EventValidator validator;
    private final IdempotencyStore idempotency;
    private final EventHandler handler;
    private final TransactionalEventHandler transactionalHandler;
    private final ProcessingListener listener;
    private final SqsClient sqs;
    private final SourceQueues queues;
    private final DeadLetterSender deadLetters;
    private final Backoff backoff;
    private final Duration timeMargin;
    private final RandomGenerator random;
    private final boolean batchTransactions;
    private final CarriedTraceContext carriedTraceContext;
    private final MessagingSpans tracing;

    private SqsBatchProcessor(Builder builder) {
        this.consumer = Objects.requireNonNull(builder.consumer, "consumer");
        this.codec = builder.codec != null ? builder.codec : new EventCodec();
        this.validator = Objects.requireNonNull(builder.validator, "validator");
        this.idempotency = Objects.requireNonNull(builder.idempotency, "idempotencyStore");
        this.sqs = Objects.requireNonNull(builder.sqs, "sqsClient");
        this.handler = builder.handler == null ? null : builder.decorator.decorate(builder.handler);
        this.transactionalHandler = builder.transactionalHandler == null ? null : builder.decorator.decorate(builder.transactionalHandler);
        this.listener = builder.listener;
        this.backoff = builder.backoff;
        this.timeMargin = builder.timeMargin;
        this.random = builder.random;
        this.batchTransactions = builder.batchTransactions;
        this.carriedTraceContext = builder.carriedTraceContext;
        this.tracing = new MessagingSpans(builder.openTelemetry);
        this.queues = new SourceQueues(sqs);
        this.deadLetters = new DeadLetterSender(sqs, builder.clock);
        if ((handler == null) == (transactionalHandler == null)) {
            throw new IllegalArgumentException("set exactly one of handler or transactionalHandler");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Processes every record and returns the ids of those SQS should deliver again. */
    public SQSBatchResponse process(SQSEvent batch, Context context) {
        List<SQSEvent.SQSMessage> messages = batch.getRecords();
        RecordResult[] results = new RecordResult[messages.size()];
        MessageSpan[] spans = new MessageSpan[messages.size()];
        Map<String, Map<String, String>> carried = new LinkedHashMap<>();
        Set<String> failedGroups = new HashSet<>();
        VisibilityChanges backoffs = new VisibilityChanges(sqs);
        // FIFO batches keep the per-record path: a group stops at its first failure, which a transaction would blur.
        boolean together = transactionalHandler != null && batchTransactions
                && messages.stream().noneMatch(message -> groupOf(message) != null);
        List<Admitted> pending = new ArrayList<>();
        boolean outOfTime = false;
        for (int i = 0; i < messages.size(); i++) {
            SQSEvent.SQSMessage message = messages.get(i);
            spans[i] = tracing.startMessage(message, consumer);
            try (Scope _ = spans[i].makeCurrent()) {
                String group = groupOf(message);
                outOfTime = outOfTime || runningOutOfTime(context);
                if (outOfTime) {
                    results[i] = notStarted(message, "less than " + timeMargin.toMillis() + " ms left in the invocation");
                } else if (group != null && failedGroups.contains(group)) {
                    results[i] = new RecordResult(consumer, message.getMessageId(), null, null, RecordOutcome.NOT_STARTED,
                            "an earlier message of FIFO group " + group + " failed");
                } else {
                    Admitted admitted = admit(i, message, backoffs);
                    if (admitted.event() != null) {
                        spans[i].event(admitted.event());
                        carried.put(admitted.event().id(), carriedTraceContext.record(admitted.event().id(), message));
                    }
                    if (admitted.refused() != null) {
                        results[i] = admitted.refused();
                    } else if (together) {
                        pending.add(admitted);
                    } else {
                        results[i] = settle(admitted, context, backoffs);
                    }
                }
                if (results[i] != null && results[i].outcome().reportedAsFailure() && group != null) {
                    failedGroups.add(group);
                }
            }
        }
        if (!pending.isEmpty()) {
            commitTogether(pending, context, backoffs, results, spans);
        }
        backoffs.apply();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            RecordResult result = results[i];
            if (result.outcome().reportedAsFailure()) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(result.messageId()).build());
            }
            spans[i].end(result);
            listener.onRecord(result);
        }
        listener.onBatch(List.of(results));
        carried.forEach(carriedTraceContext::forget);
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * A record this invocation will not attempt. Receives it was never attempted on must not use up its attempts:
     * one that would reach its queue's last allowed receive unattempted is put back as a new message instead (not on
     * FIFO queues, where that would reorder its group).
     */
    private RecordResult notStarted(SQSEvent.SQSMessage message, String reason) {
        int receives = receiveCount(message);
        if (receives > 1 && groupOf(message) == null) {
            SourceQueue queue = queueOrNull(message);
            if (queue != null && queue.hasDeadLetterQueue() && receives >= queue.maxReceiveCount() - 1) {
                try {
                    Requeue.copyAndDelete(sqs, queue, message, 0);
                    return new RecordResult(consumer, message.getMessageId(), null, null, RecordOutcome.NOT_STARTED,
                            reason + "; put back as a new message so that unattempted receives do not use up its attempts");
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not requeue message {}: {}", consumer, message.getMessageId(), e.toString());
                }
            }
        }
        return new RecordResult(consumer, message.getMessageId(), null, null, RecordOutcome.NOT_STARTED, reason);
    }

    private static String groupOf(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? null : message.getAttributes().get("MessageGroupId");
    }

    private boolean runningOutOfTime(Context context) {
        return context != null && context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() < timeMargin.toMillis();
    }

    /**
     * A record that passed the checks every record gets (parse, schema, routing attributes), ready to be claimed; or,
     * when it failed one, its final result.
     */
    private record Admitted(int index, SQSEvent.SQSMessage message, Event event, ReplayMarker replay, String key, String hash,
                            RecordResult refused) {}

    private Admitted admit(int index, SQSEvent.SQSMessage message, VisibilityChanges backoffs) {
        Event event;
        try {
            event = codec.decode(message.getBody());
        } catch (RuntimeException malformed) {
            String error = malformed instanceof MalformedEventException ? malformed.getMessage() : malformed.toString();
            return refused(index, message, deadLetter(message, null, DeadLetterReason.MALFORMED, error, backoffs));
        }
        try {
            validator.validate(event);
        } catch (InvalidEventException invalid) {
            DeadLetterReason reason = invalid.unknownType() ? DeadLetterReason.UNKNOWN_TYPE : DeadLetterReason.SCHEMA_INVALID;
            return refused(index, message, deadLetter(message, event, reason, invalid.getMessage(), backoffs));
        } catch (RuntimeException unvalidatable) {
            return refused(index, message, deadLetter(message, event, DeadLetterReason.SCHEMA_INVALID, unvalidatable.toString(), backoffs));
        }
        String mismatch = attributeMismatch(message, event);
        if (mismatch != null) {
            return refused(index, message, deadLetter(message, event, DeadLetterReason.ATTRIBUTE_MISMATCH, mismatch, backoffs));
        }
        ReplayMarker replay = ReplayMarker.of(message).orElse(null);
        String key = replay != null && replay.mode() == ReplayMode.REPROCESS
                ? IdempotencyKey.ofReprocess(consumer, event.id(), replay.replayId())
                : IdempotencyKey.of(consumer, event.id());
        return new Admitted(index, message, event, replay, key, PayloadHash.of(event), null);
    }

    private static Admitted refused(int index, SQSEvent.SQSMessage message, RecordResult result) {
        return new Admitted(index, message, null, null, null, null, result);
    }

    /** The per-record path: claim (with the effects, on the transactional path), run, complete. */
    private RecordResult settle(Admitted record, Context context, VisibilityChanges backoffs) {
        try {
            ClaimOutcome claim = transactionalHandler != null
                    ? idempotency.claimAndApply(record.key(), record.hash(), transactionalHandler.effects(record.event()))
                    : claimAndHandle(record, context);
            return resolve(claim, record, backoffs);
        } catch (Exception error) {
            return failed(record, error, backoffs);
        }
    }

    /** The handler (or a claim) failed: record why, then dead-letter or retry. */
    private RecordResult failed(Admitted record, Exception error, VisibilityChanges backoffs) {
        tracing.recordException(error);
        recordFailure(record.key(), record.hash(), record.event(), error);
        if (error instanceof NonRetryableException) {
            return deadLetter(record.message(), record.event(), DeadLetterReason.NON_RETRYABLE, error.getMessage(), backoffs);
        }
        return retry(record.message(), record.event(), error.toString(), backoffs);
    }

    private RecordResult resolve(ClaimOutcome claim, Admitted record, VisibilityChanges backoffs) {
        SQSEvent.SQSMessage message = record.message();
        Event event = record.event();
        return switch (claim) {
            case CLAIMED -> result(message, event, RecordOutcome.PROCESSED, null);
            case DUPLICATE -> result(message, event, RecordOutcome.DUPLICATE, null);
            case IN_PROGRESS -> retryLater(message, event, backoffs);
            case PAYLOAD_CONFLICT -> deadLetter(message, event, DeadLetterReason.PAYLOAD_CONFLICT,
                    "event id " + event.id() + " was already used with a different payload", backoffs);
            case NOT_APPLIED -> retry(message, event, "its transaction was cancelled for another record", backoffs);
        };
    }

    /**
     * The batch path of transactional consumers: the claims and effects of many records in one
     * {@code TransactWriteItems} (see {@link TransactionGroups}). When a transaction is cancelled, records whose own
     * claim failed get that outcome (a duplicate, say) and the rest take the per-record path; any other failure sends
     * the whole group down the per-record path, which isolates the culprit.
     */
    private void commitTogether(List<Admitted> pending, Context context, VisibilityChanges backoffs, RecordResult[] results,
                                MessageSpan[] spans) {
        Map<String, Admitted> firsts = new LinkedHashMap<>();
        List<Admitted> repeats = new ArrayList<>();
        for (Admitted record : pending) {
            if (firsts.putIfAbsent(record.key(), record) != null) {
                repeats.add(record);
            }
        }
        // Each record's own effects first, once: a record whose logic fails is reported with its own error.
        List<Admitted> ready = new ArrayList<>();
        for (Admitted record : firsts.values()) {
            // The scope spans the catch too, so the failure is recorded on the record's own span.
            try (Scope _ = spans[record.index()].makeCurrent()) {
                try {
                    transactionalHandler.effects(record.event());
                    ready.add(record);
                } catch (Exception error) {
                    results[record.index()] = failed(record, error, backoffs);
                }
            }
        }
        for (TransactionGroups.Group<Admitted> group : TransactionGroups.pack(ready,
                records -> transactionalHandler.effects(records.stream().map(Admitted::event).toList()))) {
            List<Admitted> records = group.members();
            if (records.size() == 1 || group.effects() == null) {
                records.forEach(record -> results[record.index()] = settle(record, context, backoffs, spans));
                continue;
            }
            try {
                List<ClaimOutcome> outcomes = idempotency.claimAndApplyAll(
                        records.stream().map(record -> new IdempotencyStore.Claim(record.key(), record.hash())).toList(),
                        group.effects());
                for (int i = 0; i < records.size(); i++) {
                    Admitted record = records.get(i);
                    results[record.index()] = outcomes.get(i) == ClaimOutcome.NOT_APPLIED
                            ? settle(record, context, backoffs, spans)
                            : resolve(outcomes.get(i), record, backoffs);
                }
            } catch (RuntimeException cancelled) {
                LOG.info("{}: a transaction of {} records failed ({}); committing them one by one", consumer, records.size(), cancelled.toString());
                records.forEach(record -> results[record.index()] = settle(record, context, backoffs, spans));
            }
        }
        for (Admitted repeat : repeats) {
            Admitted first = firsts.get(repeat.key());
            RecordOutcome firstOutcome = results[first.index()].outcome();
            boolean done = firstOutcome == RecordOutcome.PROCESSED || firstOutcome == RecordOutcome.DUPLICATE;
            results[repeat.index()] = done && first.hash().equals(repeat.hash())
                    ? result(repeat.message(), repeat.event(), RecordOutcome.DUPLICATE, null)
                    : settle(repeat, context, backoffs, spans);
        }
    }

    /** {@link #settle} inside the record's own span, for the batch path, where the batch span is current. */
    private RecordResult settle(Admitted record, Context context, VisibilityChanges backoffs, MessageSpan[] spans) {
        try (Scope _ = spans[record.index()].makeCurrent()) {
            return settle(record, context, backoffs);
        }
    }

    /** Why the routing attributes do not match the body, or null when they do. */
    private static String attributeMismatch(SQSEvent.SQSMessage message, Event event) {
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes() == null ? Map.of() : message.getMessageAttributes();
        String type = stringAttribute(attributes, EventPublisher.TYPE_ATTRIBUTE);
        String id = stringAttribute(attributes, EventPublisher.EVENT_ID_ATTRIBUTE);
        if (type == null || id == null) {
            return "message attributes '" + EventPublisher.TYPE_ATTRIBUTE + "' and '" + EventPublisher.EVENT_ID_ATTRIBUTE
                    + "' are required: subscriptions filter on them (publish with EventPublisher)";
        }
        if (!type.equals(event.type()) || !id.equals(event.id())) {
            return "message attributes say " + type + " " + id + " but the body is " + event.type() + " " + event.id();
        }
        return null;
    }

    private static String stringAttribute(Map<String, SQSEvent.MessageAttribute> attributes, String name) {
        SQSEvent.MessageAttribute attribute = attributes.get(name);
        return attribute == null ? null : attribute.getStringValue();
    }

    private ClaimOutcome claimAndHandle(Admitted record, Context context) throws Exception {
        ClaimOutcome claim = idempotency.claim(record.key(), record.hash(), lease(context));
        if (claim == ClaimOutcome.CLAIMED) {
            if (record.replay() != null) {
                handler.handleReplayed(record.event(), record.replay());
            } else {
                handler.handle(record.event());
            }
            idempotency.complete(record.key());
        }
        return claim;
    }

    private void recordFailure(String key, String hash, Event event, Exception error) {
        try {
            idempotency.fail(key, hash, error);
        } catch (RuntimeException recordFailure) {
            // The lease still expires on its own; the retry is not blocked for long.
            LOG.warn("{}: could not record the failure of {}: {}", consumer, event, recordFailure.toString());
        }
    }

    /** A retryable failure: back off, or dead-letter with the error when this was the last allowed receive. */
    private RecordResult retry(SQSEvent.SQSMessage message, Event event, String error, VisibilityChanges backoffs) {
        int receiveCount = receiveCount(message);
        SourceQueue queue = queueOrNull(message);
        if (queue != null && queue.hasDeadLetterQueue() && receiveCount >= queue.maxReceiveCount()) {
            return deadLetter(message, event, DeadLetterReason.RETRIES_EXHAUSTED, error, backoffs);
        }
        LOG.warn("{}: {} failed on receive {}, will be retried: {}", consumer, event, receiveCount, error);
        if (queue != null) {
            backoffs.add(queue.url(), message, backoff.delaySeconds(receiveCount, random));
        }
        return result(message, event, RecordOutcome.RETRIED, error);
    }

    /** Another worker holds the lease: come back soon, and never let SQS dead-letter the record for it. */
    private RecordResult retryLater(SQSEvent.SQSMessage message, Event event, VisibilityChanges backoffs) {
        String reason = "another worker is processing " + event.id();
        SourceQueue queue = queueOrNull(message);
        int delay = backoff.delaySeconds(1, random);
        if (queue != null && queue.hasDeadLetterQueue() && receiveCount(message) >= queue.maxReceiveCount()) {
            try {
                Requeue.copyAndDelete(sqs, queue, message, delay);
                return result(message, event, RecordOutcome.RETRIED, reason + "; requeued as a new message");
            } catch (RuntimeException e) {
                LOG.warn("{}: could not requeue {}: {}", consumer, event, e.toString());
            }
        }
        if (queue != null) {
            backoffs.add(queue.url(), message, delay);
        }
        return result(message, event, RecordOutcome.RETRIED, reason);
    }

    private RecordResult deadLetter(SQSEvent.SQSMessage message, Event event, DeadLetterReason reason, String error,
                                    VisibilityChanges backoffs) {
        SourceQueue queue = queueOrNull(message);
        try {
            if (queue == null) {
                throw new IllegalStateException("source queue " + message.getEventSourceArn() + " is unknown");
            }
            deadLetters.send(queue, message, consumer, reason, error);
            LOG.warn("{}: message {} dead-lettered ({}): {}", consumer, message.getMessageId(), reason.code(), error);
            return result(message, event, RecordOutcome.DEAD_LETTERED, reason.code() + ": " + error);
        } catch (RuntimeException e) {
            // Nothing is lost: the record stays in its queue and SQS's redrive policy still applies.
            LOG.error("{}: could not dead-letter message {} ({}: {}): {}", consumer, message.getMessageId(), reason.code(), error, e.toString());
            if (queue != null) {
                backoffs.add(queue.url(), message, backoff.delaySeconds(receiveCount(message), random));
            }
            return result(message, event, RecordOutcome.RETRIED, reason.code() + ": " + error);
        }
    }

    private SourceQueue queueOrNull(SQSEvent.SQSMessage message) {
        try {
            return queues.of(message.getEventSourceArn());
        } catch (RuntimeException e) {
            LOG.error("{}: cannot look up source queue {}: {}", consumer, message.getEventSourceArn(), e.toString());
            return null;
        }
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        try {
            return Integer.parseInt(message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static Duration lease(Context context) {
        int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return remaining > 0 ? Duration.ofMillis(remaining) : DEFAULT_LEASE;
    }

    private RecordResult result(SQSEvent.SQSMessage message, Event event, RecordOutcome outcome, String error) {
        return new RecordResult(consumer, message.getMessageId(), event == null ? null : event.id(),
                event == null ? null : event.type(), outcome, error);
    }

    /** Builder for {@link SqsBatchProcessor}. */
    public static final class Builder {
        private String consumer;
        private EventCodec codec;
        private EventValidator validator;
        private IdempotencyStore idempotency;
        private SqsClient sqs;
        private EventHandler handler;
        private TransactionalEventHandler transactionalHandler;
        private ProcessingListener listener = ProcessingListener.NONE;
        private HandlerDecorator decorator = HandlerDecorator.NONE;
        private Backoff backoff = Backoff.defaults();
        private Duration timeMargin = Duration.ofSeconds(3);
        private RandomGenerator random = RandomGenerator.getDefault();
        private Clock clock = Clock.systemUTC();
        private boolean batchTransactions = true;
        private CarriedTraceContext carriedTraceContext = new CarriedTraceContext();
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();

        private Builder() {}

        /** Where the trace context of each message in flight is recorded for the logic to read (a new one by default). */
        public Builder carriedTraceContext(CarriedTraceContext carriedTraceContext) {
            this.carriedTraceContext = Objects.requireNonNull(carriedTraceContext);
            return this;
        }

        /** Traces each record in a CONSUMER span linked to its producer (see {@link MessagingSpans#startMessage}); none by default. */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry);
            return this;
        }

        /**
         * Whether a transactional handler's records are committed many to a {@code TransactWriteItems} (default) or
         * one per record. Either way each effect happens once; batching saves requests.
         */
        public Builder batchTransactions(boolean batchTransactions) {
            this.batchTransactions = batchTransactions;
            return this;
        }

        /** Consumer name: the prefix of its idempotency keys. */
        public Builder consumer(String consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder codec(EventCodec codec) {
            this.codec = codec;
            return this;
        }

        public Builder validator(EventValidator validator) {
            this.validator = validator;
            return this;
        }

        public Builder idempotencyStore(IdempotencyStore idempotency) {
            this.idempotency = idempotency;
            return this;
        }

        /** For backoff (ChangeMessageVisibility) and dead-lettering. */
        public Builder sqsClient(SqsClient sqs) {
            this.sqs = sqs;
            return this;
        }

        /** Logic with an effect outside DynamoDB: claim, run, complete. */
        public Builder handler(EventHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Logic whose effect is DynamoDB writes: applied with the claim in one transaction. */
        public Builder transactionalHandler(TransactionalEventHandler transactionalHandler) {
            this.transactionalHandler = transactionalHandler;
            return this;
        }

        public Builder listener(ProcessingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Wraps the handler set on this builder (fault injection, instrumentation). */
        public Builder decorator(HandlerDecorator decorator) {
            this.decorator = Objects.requireNonNull(decorator);
            return this;
        }

        /** Backoff of retryable failures; base 2 s, cap 15 min by default. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff);
            return this;
        }

        /** No record is started with less than this much of the invocation left (default 3 s). */
        public Builder timeMargin(Duration timeMargin) {
            this.timeMargin = Objects.requireNonNull(timeMargin);
            return this;
        }

        /** Source of the backoff jitter; seed it for reproducible tests. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** Clock of the dead-letter timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SqsBatchProcessor build() {
            return new SqsBatchProcessor(this);
        }
    }
}
