package io.eventflow.consume.internal;

import io.eventflow.consume.Backoff;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.event.Event;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What becomes of a record that is not a success, and the source-queue facts that decides it on (dead-letter queue,
 * maximum receives). Long-lived; each batch uses it through its own {@code Failures}.
 * <ul>
 *   <li><b>retryable</b>: reported failed, visibility set to an exponential backoff with full jitter; on the queue's
 *       last allowed receive dead-lettered with the last error instead, so the DLQ says why;</li>
 *   <li><b>non-retryable</b> ({@code NonRetryableException}, or an AWS error that will recur, see
 *       {@link DeterministicAwsErrors}): to the dead-letter queue at once with the reason, the original deleted;</li>
 *   <li><b>another worker holds it</b>: retried after a short backoff, never dead-lettered for it (on the last allowed
 *       receive it is put back as a fresh message);</li>
 *   <li><b>not started</b>: reported failed untouched; one about to reach its last receive unattempted is put back as
 *       a fresh message (not on FIFO queues, where that would reorder its group).</li>
 * </ul>
 */
public final class FailurePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final String consumer;
    private final SqsClient sqs;
    private final SourceQueues queues;
    private final DeadLetterSender deadLetters;
    private final Backoff backoff;
    private final RandomGenerator random;

    public FailurePolicy(String consumer, SqsClient sqs, Backoff backoff, RandomGenerator random, Clock clock) {
        this.consumer = consumer;
        this.sqs = sqs;
        this.queues = new SourceQueues(sqs);
        this.deadLetters = new DeadLetterSender(sqs, clock);
        this.backoff = backoff;
        this.random = random;
    }

    /** Where one batch's backoffs are collected. */
    VisibilityChanges newBackoffs() {
        return new VisibilityChanges(sqs);
    }

    String consumer() {
        return consumer;
    }

    RecordResult failed(SqsRecord record, Event event, Exception error, VisibilityChanges backoffs) {
        if (error instanceof NonRetryableException) {
            return deadLetter(record, event, DeadLetterReason.NON_RETRYABLE, error.getMessage(), backoffs);
        }
        String rejected = DeterministicAwsErrors.message(error);
        if (rejected != null) {
            return deadLetter(record, event, DeadLetterReason.AWS_REJECTED, rejected, backoffs);
        }
        return retry(record, event, error.toString(), backoffs);
    }

    RecordResult retry(SqsRecord record, Event event, String error, VisibilityChanges backoffs) {
        int receives = record.receiveCount();
        SourceQueue queue = queueOrNull(record);
        if (queue != null && queue.hasDeadLetterQueue() && receives >= queue.maxReceiveCount()) {
            return deadLetter(record, event, DeadLetterReason.RETRIES_EXHAUSTED, error, backoffs);
        }
        LOG.warn("{}: {} failed on receive {}, will be retried: {}", consumer, describe(record, event), receives, error);
        if (queue != null) {
            backoffs.add(queue.url(), record.message(), backoff.delaySeconds(receives, random));
        }
        return result(record, event, RecordOutcome.RETRIED, error);
    }

    RecordResult retryLater(SqsRecord record, Event event, VisibilityChanges backoffs) {
        String reason = "another worker is processing " + event.id();
        SourceQueue queue = queueOrNull(record);
        int delay = backoff.delaySeconds(1, random);
        if (queue != null && queue.hasDeadLetterQueue() && record.receiveCount() >= queue.maxReceiveCount()) {
            try {
                Requeue.copyAndDelete(sqs, queue, record, delay);
                return result(record, event, RecordOutcome.RETRIED, reason + "; requeued as a new message");
            } catch (RuntimeException e) {
                LOG.warn("{}: could not requeue {}: {}", consumer, event, e.toString());
            }
        }
        if (queue != null) {
            backoffs.add(queue.url(), record.message(), delay);
        }
        return result(record, event, RecordOutcome.RETRIED, reason);
    }

    RecordResult notStarted(SqsRecord record, String reason) {
        int receives = record.receiveCount();
        if (receives > 1 && record.groupId() == null) {
            SourceQueue queue = queueOrNull(record);
            if (queue != null && queue.hasDeadLetterQueue() && receives >= queue.maxReceiveCount() - 1) {
                try {
                    Requeue.copyAndDelete(sqs, queue, record, 0);
                    return result(record, null, RecordOutcome.NOT_STARTED,
                            reason + "; put back as a new message so that unattempted receives do not use up its attempts");
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not requeue message {}: {}", consumer, record.messageId(), e.toString());
                }
            }
        }
        return result(record, null, RecordOutcome.NOT_STARTED, reason);
    }

    RecordResult deadLetter(SqsRecord record, Event event, DeadLetterReason reason, String error, VisibilityChanges backoffs) {
        SourceQueue queue = queueOrNull(record);
        try {
            if (queue == null) {
                throw new IllegalStateException("source queue " + record.queueArn() + " is unknown");
            }
            deadLetters.send(queue, record, consumer, reason, error);
            LOG.warn("{}: message {} dead-lettered ({}): {}", consumer, record.messageId(), reason.code(), error);
            return result(record, event, RecordOutcome.DEAD_LETTERED, reason.code() + ": " + error);
        } catch (RuntimeException e) {
            // Nothing is lost: the record stays in its queue and SQS's redrive policy still applies.
            LOG.error("{}: could not dead-letter message {} ({}: {}): {}", consumer, record.messageId(), reason.code(), error, e.toString());
            if (queue != null) {
                backoffs.add(queue.url(), record.message(), backoff.delaySeconds(record.receiveCount(), random));
            }
            return result(record, event, RecordOutcome.RETRIED, reason.code() + ": " + error);
        }
    }

    RecordResult result(SqsRecord record, Event event, RecordOutcome outcome, String error) {
        return new RecordResult(consumer, record.messageId(), event == null ? null : event.id(),
                event == null ? null : event.type(), outcome, error);
    }

    private SourceQueue queueOrNull(SqsRecord record) {
        try {
            return queues.of(record.queueArn());
        } catch (RuntimeException e) {
            LOG.error("{}: cannot look up source queue {}: {}", consumer, record.queueArn(), e.toString());
            return null;
        }
    }

    private static String describe(SqsRecord record, Event event) {
        return event != null ? event.toString() : "message " + record.messageId();
    }
}
