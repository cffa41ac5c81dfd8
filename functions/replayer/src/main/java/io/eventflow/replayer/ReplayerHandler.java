package io.eventflow.replayer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayListener;
import io.eventflow.replay.ReplayNotRunnableException;
import io.eventflow.replay.ReplayState;
import io.eventflow.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the replayer. Each message on the replay-jobs queue names a job ({@link ReplayWork}); the
 * replayer runs it until it is done or the invocation is nearly out of time, then saves the cursor, releases the job
 * and sends itself a continuation message, so a replay of any length goes on in 15-minute invocations.
 *
 * <p>A message for a job that is finished, cancelled or held by another runner (a duplicate delivery) is dropped: the
 * job table, not the queue, says what remains. Failures to reach the job table or the queue are retried; a message
 * that names no job goes to the queue's dead-letter queue.
 */
public final class ReplayerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayerHandler.class);

    private final ArchiveReplayer replayer;
    private final SqsClient sqs;
    private final String workQueueUrl;
    private final Duration timeMargin;
    private final Telemetry telemetry;

    /** Called by Lambda once per execution environment. */
    public ReplayerHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    /** Wires the replayer to a given environment (tests, the local runner). */
    public ReplayerHandler(FunctionEnvironment environment) {
        EventflowConfig config = environment.config();
        this.replayer = ArchiveReplayer.builder(config, environment.clients()).build();
        this.sqs = environment.clients().sqs();
        this.workQueueUrl = config.require(EventflowConfig.REPLAY_JOBS_QUEUE_URL);
        this.timeMargin = config.timeMargin();
        this.telemetry = environment.telemetry();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, this::runJobs);
    }

    private SQSBatchResponse runJobs(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                runJob(ReplayWork.parse(message.getBody()), context);
            } catch (IllegalArgumentException malformed) {
                // Not a job: it can never succeed. Reported failed and made visible again at once, it uses up its
                // receives in seconds and the queue's redrive policy moves it to the dead-letter queue, kept.
                LOG.error("replay-jobs message {} is malformed, on its way to the dead-letter queue: {}", message.getMessageId(),
                        malformed.getMessage());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
                sqs.changeMessageVisibility(request -> request.queueUrl(workQueueUrl).receiptHandle(message.getReceiptHandle())
                        .visibilityTimeout(0));
            } catch (RuntimeException e) {
                LOG.error("replay-jobs message {} failed, will be retried: {}", message.getMessageId(), e.toString());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private void runJob(ReplayWork work, Context context) {
        ReplayJob job;
        try {
            job = replayer.run(work.replayId(), () -> context.getRemainingTimeInMillis() < timeMargin.toMillis(), ReplayListener.NONE);
        } catch (ReplayNotRunnableException notRunnable) {
            LOG.info("nothing to do for {}: {}", work.replayId(), notRunnable.getMessage());
            return;
        }
        LOG.info("replay {}: {} after this run, {} sent, {} skipped", job.id(), job.state(), job.sent(), job.skipped());
        if (job.state() == ReplayState.RUNNING && !job.cancelRequested()) {
            sqs.sendMessage(request -> request.queueUrl(workQueueUrl).messageBody(work.toJson()));
        }
    }
}
