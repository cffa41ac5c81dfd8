package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.internal.AdmittedEvent;
import io.eventflow.consume.internal.BatchLoop;
import io.eventflow.consume.internal.ClaimHandleComplete;
import io.eventflow.consume.internal.ClaimWithEffects;
import io.eventflow.consume.internal.CommitStrategy;
import io.eventflow.consume.internal.EventAdmission;
import io.eventflow.consume.internal.FailurePolicy;
import io.eventflow.consume.internal.Intake;
import io.eventflow.consume.internal.RawHandling;
import io.eventflow.consume.internal.SharedRandom;
import io.eventflow.consume.internal.VersionReading;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventValidator;
import io.eventflow.event.Upcasters;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.telemetry.MessagingSpans;
import io.opentelemetry.api.OpenTelemetry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs one consumer over an SQS batch and returns only the ids of records SQS should deliver again
 * ({@code ReportBatchItemFailures}). Each record is <b>admitted</b> (decoded, validated against its schema, its
 * routing attributes checked, its replay marker read, its idempotency key derived), then <b>committed</b> by the
 * strategy the handler calls for: claim, {@link EventHandler handle}, complete; or the claim together with a
 * {@link TransactionalEventHandler}'s writes, per record or for the whole batch. Each record ends in one
 * {@link RecordOutcome}:
 * <ul>
 *   <li><b>retryable</b> failures (any exception but {@link NonRetryableException}) are reported failed and their
 *       visibility set to an exponential backoff with full jitter ({@link Backoff}); on the queue's last allowed
 *       receive they are dead-lettered with the last error instead, so the DLQ says why;</li>
 *   <li><b>non-retryable</b> ones (malformed, unknown type, schema-invalid, routing attributes missing or not
 *       matching the body, a version newer than the consumer {@linkplain Builder#reads reads}, payload conflict,
 *       {@link NonRetryableException}) go to the dead-letter queue at once with
 *       the reason, and are deleted;</li>
 *   <li>a record another worker is processing (unexpired lease) is retried after a short backoff and is never
 *       dead-lettered for it: on the last allowed receive it is put back as a fresh message;</li>
 *   <li>when the invocation has less than the time margin left, or an earlier message of the same FIFO group failed,
 *       the remaining records are reported failed without being claimed.</li>
 * </ul>
 * In raw-message mode ({@link Builder#rawHandler}) records are neither decoded nor claimed: the handler gets each
 * message as it is, and its failures are handled as above. A {@link Builder#handler handler} that allows it runs a
 * batch's records side by side ({@link Builder#recordsInParallel}): each FIFO group in order, the response the same.
 * Build one per execution environment and reuse it.
 */
public final class SqsBatchProcessor {

    private final BatchLoop<?> loop;

    private SqsBatchProcessor(Builder builder) {
        Objects.requireNonNull(builder.consumer, "consumer");
        Objects.requireNonNull(builder.sqs, "sqsClient");
        int handlers = (builder.handler == null ? 0 : 1) + (builder.transactionalHandler == null ? 0 : 1)
                + (builder.rawHandler == null ? 0 : 1);
        if (handlers != 1) {
            throw new IllegalArgumentException("set exactly one of handler, transactionalHandler or rawHandler");
        }
        if (builder.rawHandler != null && !builder.rules.isEmpty()) {
            throw new IllegalArgumentException("admission rules need events: raw-message mode admits none");
        }
        if (builder.parallelism > 1 && builder.handler == null) {
            throw new IllegalArgumentException("only a handler (claim, handle, complete) runs records in parallel");
        }
        this.loop = builder.rawHandler != null
                ? loop(builder, RawHandling::admit, new RawHandling(builder.rawHandler))
                : eventLoop(builder);
    }

    /** Admission, then the commit strategy the handler calls for. */
    private static BatchLoop<AdmittedEvent> eventLoop(Builder builder) {
        EventValidator validator = Objects.requireNonNull(builder.validator, "validator");
        VersionReading versions = new VersionReading(builder.consumer, builder.reads, validator.registry(), builder.upcasters);
        EventAdmission admission = new EventAdmission(builder.consumer, builder.codec != null ? builder.codec : new EventCodec(),
                validator, versions, builder.derived != null, builder.eventTimes, builder.clock, builder.rules);
        IdempotencyStore idempotency = Objects.requireNonNull(builder.idempotency, "idempotencyStore");
        CommitStrategy<AdmittedEvent> strategy = builder.handler != null
                ? new ClaimHandleComplete(idempotency, builder.decorator.decorate(builder.handler))
                : new ClaimWithEffects(idempotency, builder.decorator.decorate(builder.transactionalHandler), builder.dynamoDb,
                        builder.batchTransactions);
        return loop(builder, admission, strategy);
    }

    private static <T> BatchLoop<T> loop(Builder builder, Intake<T> intake, CommitStrategy<T> strategy) {
        RandomGenerator random = builder.parallelism > 1 ? new SharedRandom(builder.random) : builder.random;
        FailurePolicy failures = new FailurePolicy(builder.consumer, builder.sqs, builder.backoff, random, builder.clock);
        // Without a sink, deliveries refuse to emit: nothing can reach this one.
        DerivedEventSink derived = builder.derived != null ? builder.derived : events -> {};
        return new BatchLoop<>(builder.consumer, intake, strategy, failures, builder.timeMargin, new MessagingSpans(builder.openTelemetry),
                builder.listener, derived, builder.parallelism);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Processes every record and returns the ids of those SQS should deliver again. */
    public SQSBatchResponse process(SQSEvent batch, Context context) {
        return loop.process(batch, context);
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
        private RawMessageHandler rawHandler;
        private DynamoDbClient dynamoDb;
        private DerivedEventSink derived;
        private ProcessingListener listener = ProcessingListener.NONE;
        private HandlerDecorator decorator = HandlerDecorator.NONE;
        private Backoff backoff = Backoff.defaults();
        private Duration timeMargin = Duration.ofSeconds(3);
        private RandomGenerator random = new SecureRandom();
        private Clock clock = Clock.systemUTC();
        private EventTimeWindow eventTimes = EventTimeWindow.defaults();
        private boolean batchTransactions = true;
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();
        private int parallelism = 1;
        private ReadVersions reads = ReadVersions.asWritten();
        private Upcasters upcasters = Upcasters.bundled();
        private final List<AdmissionRule> rules = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a check of what this consumer's own service would refuse, run in admission before the claim on each
         * event as the consumer reads it; a refused event is dead-lettered at once as
         * {@link DeadLetterReason#FIELD_REFUSED}. Rules run in the order added, the first refusal wins. Not for
         * raw-message mode, which has no admission.
         */
        public Builder admissionRule(AdmissionRule rule) {
            rules.add(Objects.requireNonNull(rule));
            return this;
        }

        /**
         * Declares that the {@link #handler} is thread-safe and its records independent: a batch's records then run
         * on virtual threads, at most {@code parallelism} at once. The records of one FIFO message group still run in
         * order and stop at the group's first failure while other groups proceed; each record has its own span and
         * log context; the response is the one the sequential run gives. 1 (the default) runs them one after
         * another. Not for transactional or raw handlers, whose records share a batch transaction or a job.
         */
        public Builder recordsInParallel(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * The versions of each type the handler reads: older events are upcast to the newest it reads, newer ones it
         * cannot read are dead-lettered as {@link DeadLetterReason#UNSUPPORTED_VERSION}. Default: every version as
         * written.
         */
        public Builder reads(ReadVersions reads) {
            this.reads = Objects.requireNonNull(reads);
            return this;
        }

        /** The version steps {@link #reads} upcasts with; default {@link Upcasters#bundled()}. */
        public Builder upcasters(Upcasters upcasters) {
            this.upcasters = Objects.requireNonNull(upcasters);
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

        /**
         * Raw-message mode: logic for messages that are not CloudEvents, run without admission or claims (no
         * validator or idempotency store needed).
         */
        public Builder rawHandler(RawMessageHandler rawHandler) {
            this.rawHandler = rawHandler;
            return this;
        }

        /** What a transactional handler's {@link ItemReads} read with (reads fail without one). */
        public Builder dynamoDbClient(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        /**
         * Where the events handlers {@linkplain Delivery#emit emit} go, once per batch, for the records committed; without
         * one, emitting fails.
         */
        public Builder derivedEvents(DerivedEventSink derived) {
            this.derived = Objects.requireNonNull(derived);
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

        /**
         * Source of the backoff jitter; seed it for reproducible tests. The default is a {@link SecureRandom}: a seeded
         * generator built at init would be in the SnapStart snapshot, and every environment restored from it would
         * draw the same delays (Lambda reseeds SecureRandom on restore).
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        /** How far from now an event's time may be to be admitted; {@link EventTimeWindow#defaults()} by default. */
        public Builder eventTimeWindow(EventTimeWindow eventTimes) {
            this.eventTimes = Objects.requireNonNull(eventTimes);
            return this;
        }

        /** Clock of the dead-letter timestamps and of the {@linkplain #eventTimeWindow event time window}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public SqsBatchProcessor build() {
            return new SqsBatchProcessor(this);
        }
    }
}
