package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.idempotency.PayloadHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one consumer over an SQS batch: for each record, parse the CloudEvent, validate it against its schema, claim
 * it in the idempotency store, run the handler, complete. Returns only the failed message ids
 * ({@code ReportBatchItemFailures}), so one bad record never makes SQS redeliver the good ones.
 *
 * <p>Build one per execution environment and reuse it for every invocation; it is thread-safe.
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

    private SqsBatchProcessor(Builder builder) {
        this.consumer = Objects.requireNonNull(builder.consumer, "consumer");
        this.codec = builder.codec != null ? builder.codec : new EventCodec();
        this.validator = Objects.requireNonNull(builder.validator, "validator");
        this.idempotency = Objects.requireNonNull(builder.idempotency, "idempotencyStore");
        this.handler = builder.handler;
        this.transactionalHandler = builder.transactionalHandler;
        this.listener = builder.listener;
        if ((handler == null) == (transactionalHandler == null)) {
            throw new IllegalArgumentException("set exactly one of handler or transactionalHandler");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Processes every record and returns the ids of those SQS should deliver again. */
    public SQSBatchResponse process(SQSEvent batch, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : batch.getRecords()) {
            RecordResult result = processRecord(message, context);
            if (result.outcome() == RecordOutcome.FAILED) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
            listener.onRecord(result);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private RecordResult processRecord(SQSEvent.SQSMessage message, Context context) {
        Event event;
        try {
            event = codec.decode(message.getBody());
            validator.validate(event);
        } catch (RuntimeException invalid) {
            LOG.warn("{}: message {} refused: {}", consumer, message.getMessageId(), invalid.getMessage());
            return new RecordResult(consumer, message.getMessageId(), null, null, RecordOutcome.FAILED, invalid.getMessage());
        }
        String key = consumer + "#" + event.id();
        String hash = PayloadHash.of(event);
        try {
            ClaimOutcome claim = transactionalHandler != null
                    ? idempotency.claimAndApply(key, hash, transactionalHandler.effects(event))
                    : claimAndHandle(key, hash, event, context);
            return switch (claim) {
                case CLAIMED -> result(message, event, RecordOutcome.PROCESSED, null);
                case DUPLICATE -> result(message, event, RecordOutcome.DUPLICATE, null);
                case IN_PROGRESS -> result(message, event, RecordOutcome.FAILED, "another worker holds the lease on " + key);
                case PAYLOAD_CONFLICT -> result(message, event, RecordOutcome.FAILED,
                        "event id " + event.id() + " was already used with a different payload");
            };
        } catch (Exception error) {
            LOG.warn("{}: {} failed, will be retried: {}", consumer, event, error.toString());
            try {
                idempotency.fail(key, hash, error);
            } catch (RuntimeException recordFailure) {
                // The lease still expires on its own; the retry is not blocked for long.
                LOG.warn("{}: could not record the failure of {}: {}", consumer, event, recordFailure.toString());
            }
            return result(message, event, RecordOutcome.FAILED, error.toString());
        }
    }

    private ClaimOutcome claimAndHandle(String key, String hash, Event event, Context context) throws Exception {
        ClaimOutcome claim = idempotency.claim(key, hash, lease(context));
        if (claim == ClaimOutcome.CLAIMED) {
            handler.handle(event);
            idempotency.complete(key);
        }
        return claim;
    }

    private static Duration lease(Context context) {
        int remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return remaining > 0 ? Duration.ofMillis(remaining) : DEFAULT_LEASE;
    }

    private RecordResult result(SQSEvent.SQSMessage message, Event event, RecordOutcome outcome, String error) {
        return new RecordResult(consumer, message.getMessageId(), event.id(), event.type(), outcome, error);
    }

    /** Builder for {@link SqsBatchProcessor}. */
    public static final class Builder {
        private String consumer;
        private EventCodec codec;
        private EventValidator validator;
        private IdempotencyStore idempotency;
        private EventHandler handler;
        private TransactionalEventHandler transactionalHandler;
        private ProcessingListener listener = ProcessingListener.NONE;

        private Builder() {}

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

        public SqsBatchProcessor build() {
            return new SqsBatchProcessor(this);
        }
    }
}
