package io.eventflow.replayer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.consume.RawMessage;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayListener;
import io.eventflow.replay.ReplayNotRunnableException;
import io.eventflow.replay.ReplayState;
import io.eventflow.telemetry.Telemetry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point of the replayer. Each message on the replay-jobs queue names a job ({@link ReplayWork}); the
 * replayer runs it until it is done or the invocation is nearly out of time, then saves the cursor, releases the job
 * and sends itself a continuation message, so a replay of any length goes on in 15-minute invocations.
 *
 * <p>The messages run through the batch processor in raw-message mode, so their failures are handled as every
 * consumer's are: a message for a job that is finished, cancelled or held by another runner (a duplicate delivery) is
 * dropped, since the job table, not the queue, says what remains; failures to reach the job table or the queue are
 * retried with backoff; a message that names no job goes to the queue's dead-letter queue at once, with its reason.
 */
public final class ReplayerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The replayer's own queue, where it sends its continuations (required). */
    public static final String JOBS_QUEUE_URL = "EVENTFLOW_REPLAY_JOBS_QUEUE_URL";

    private static final Logger LOG = LoggerFactory.getLogger(ReplayerHandler.class);

    private final ArchiveReplayer replayer;
    private final SqsClient sqs;
    private final String workQueueUrl;
    private final Duration timeMargin;
    private final SqsBatchProcessor processor;
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
        this.workQueueUrl = config.require(JOBS_QUEUE_URL);
        this.timeMargin = environment.consumerSettings().timeMargin();
        this.telemetry = environment.telemetry();
        // The margin is the job's to keep (it stops sending before it): the processor starts each message whatever is left.
        this.processor = environment.rawProcessor("replayer").timeMargin(Duration.ZERO).rawHandler(this::runJob).build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, processor::process);
    }

    private void runJob(RawMessage message, Context context) {
        ReplayWork work;
        try {
            work = ReplayWork.parse(message.body());
        } catch (IllegalArgumentException malformed) {
            throw new NonRetryableException("replay-jobs message " + message.messageId() + " names no job: " + malformed.getMessage());
        }
        BooleanSupplier outOfTime = () -> context != null && context.getRemainingTimeInMillis() < timeMargin.toMillis();
        ReplayJob job;
        try {
            job = replayer.run(work.replayId(), outOfTime, ReplayListener.NONE);
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
