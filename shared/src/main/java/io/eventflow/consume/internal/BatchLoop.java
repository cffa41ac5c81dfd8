package io.eventflow.consume.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.DerivedEventSink;
import io.eventflow.consume.ProcessingListener;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.event.Event;
import io.eventflow.telemetry.MessagingSpans;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch, record by record: a span per record, admission, then the commit strategy, at once or for the whole batch
 * at the end. The loop owns what concerns the batch as a whole: no record is started with less than the time margin
 * left, a FIFO group stops at its first failure, and the response names only the records to deliver again. Records
 * share nothing but the {@link BatchRun}, so independent ones could later run side by side.
 */
public final class BatchLoop<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLoop.class);

    private final String consumer;
    private final Intake<T> intake;
    private final CommitStrategy<T> strategy;
    private final FailurePolicy failurePolicy;
    private final Duration timeMargin;
    private final MessagingSpans spans;
    private final ProcessingListener listener;
    private final DerivedEventSink derived;

    public BatchLoop(String consumer, Intake<T> intake, CommitStrategy<T> strategy, FailurePolicy failurePolicy,
                     Duration timeMargin, MessagingSpans spans, ProcessingListener listener, DerivedEventSink derived) {
        this.consumer = consumer;
        this.intake = intake;
        this.strategy = strategy;
        this.failurePolicy = failurePolicy;
        this.timeMargin = timeMargin;
        this.spans = spans;
        this.listener = listener;
        this.derived = derived;
    }

    public SQSBatchResponse process(SQSEvent batch, Context context) {
        List<SQSEvent.SQSMessage> messages = batch.getRecords() == null ? List.of() : batch.getRecords();
        List<SqsRecord> records = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            records.add(new SqsRecord(i, messages.get(i)));
        }
        BatchRun run = new BatchRun(Failures.begin(failurePolicy), context, records.size());
        RecordResult[] results = new RecordResult[records.size()];
        // FIFO batches go record by record: a group stops at its first failure, which a shared commit would blur.
        boolean together = strategy.together() && records.stream().allMatch(record -> record.groupId() == null);
        List<Admission.Admitted<T>> pending = new ArrayList<>();
        Set<String> failedGroups = new HashSet<>();
        boolean outOfTime = false;
        for (SqsRecord record : records) {
            MessageSpan span = MessageSpan.start(spans, consumer, record);
            run.span(record, span);
            try (Scope _ = span.makeCurrent()) {
                outOfTime = outOfTime || runningOutOfTime(context);
                String group = record.groupId();
                RecordResult result = null;
                if (outOfTime) {
                    result = run.failures().notStarted(record, "less than " + timeMargin.toMillis() + " ms left in the invocation");
                } else if (group != null && failedGroups.contains(group)) {
                    result = run.failures().notStarted(record, "an earlier message of FIFO group " + group + " failed");
                } else {
                    switch (intake.admit(record)) {
                        case Admission.Refused<T> refused -> {
                            if (refused.event() != null) {
                                span.event(refused.event());
                            }
                            result = run.failures().deadLetter(record, refused.event(), refused.reason(), refused.error());
                        }
                        case Admission.Admitted<T> admitted -> {
                            if (admitted.event() != null) {
                                span.event(admitted.event());
                            }
                            if (together) {
                                pending.add(admitted);
                            } else {
                                result = strategy.commit(List.of(admitted), run).getFirst();
                            }
                        }
                    }
                }
                results[record.index()] = result;
                if (result != null && result.outcome().reportedAsFailure() && group != null) {
                    failedGroups.add(group);
                }
            }
        }
        if (!pending.isEmpty()) {
            List<RecordResult> committed = strategy.commit(pending, run);
            for (int i = 0; i < pending.size(); i++) {
                results[pending.get(i).record().index()] = committed.get(i);
            }
        }
        run.failures().apply();
        return respond(records, results, run);
    }

    private SQSBatchResponse respond(List<SqsRecord> records, RecordResult[] results, BatchRun run) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<Event> emitted = new ArrayList<>();
        for (SqsRecord record : records) {
            RecordResult result = results[record.index()];
            if (result.outcome().reportedAsFailure()) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.messageId()).build());
            }
            if (result.outcome() == RecordOutcome.PROCESSED) {
                emitted.addAll(run.emittedBy(record.index()));
            }
            run.span(record.index()).end(result);
            listener.onRecord(result);
        }
        listener.onBatch(List.of(results));
        if (!emitted.isEmpty()) {
            try {
                derived.accept(List.copyOf(emitted));
            } catch (RuntimeException e) {
                LOG.error("{}: passing on {} derived events failed: {}", consumer, emitted.size(), e.toString());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean runningOutOfTime(Context context) {
        return context != null && context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() < timeMargin.toMillis();
    }
}
