package io.eventflow.local;

import io.eventflow.internal.Pacer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;

/**
 * Moves a consumer's dead-letter messages back to its source queue.
 *
 * <p>SQS's own {@code StartMessageMoveTask} does it where the endpoint offers it; progress comes from
 * {@code ListMessageMoveTasks}. Where it does not (an emulator; a queue kind SQS cannot redrive), and whenever a
 * {@code max} is given (a move task always moves everything), messages are moved one at a time: receive, send a copy
 * (same body, the original attributes without the {@code dlq-*} ones; on FIFO queues the same group and a
 * deduplication id), and delete the original only after the send succeeded, so an interruption can leave a copy in both
 * queues (which the idempotent consumer takes as a duplicate) but never loses one.
 *
 * <p>A redrive by hand moves at most the messages the DLQ held when it started, so messages that fail again while it
 * runs are not cycled back and forth.
 */
public final class DeadLetterRedriver {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRedriver.class);
    /** Error codes meaning "this endpoint cannot run a move task here": fall back to moving by hand. */
    private static final Set<String> UNAVAILABLE_CODES = Set.of("UnsupportedOperation",
            "AWS.SimpleQueueService.UnsupportedOperation", "InvalidAction", "UnknownOperation", "UnknownOperationException",
            "NotImplemented");
    private static final int MOVE_TASK_MAX_RATE = 500;
    private static final int MAX_VISIBILITY_SECONDS = 43_200;

    /** How a redrive moved its messages. */
    public enum Method { MESSAGE_MOVE_TASK, RECEIVE_SEND_DELETE }

    /** Told how far a redrive is; {@code total} is negative while unknown. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /**
     * What a redrive did.
     *
     * @param queues the consumer and its queues
     * @param method how the messages were moved
     * @param moved messages moved back to the source queue (approximate for a move task)
     * @param total messages it set out to move
     * @param took wall time
     * @param complete whether it moved all it set out to, or all there was (a move task: whether it ended COMPLETED)
     * @param note why it moved by hand, or why a move task failed; null otherwise
     */
    public record Result(ConsumerQueues queues, Method method, long moved, long total, Duration took, boolean complete,
                         String note) {}

    private final SqsClient sqs;
    private final DeadLetterInspector inspector;
    private final Duration pollInterval;

    public DeadLetterRedriver(SqsClient sqs) {
        this(sqs, Duration.ofSeconds(1));
    }

    /** @param pollInterval how often a move task's progress is read */
    DeadLetterRedriver(SqsClient sqs, Duration pollInterval) {
        this.sqs = Objects.requireNonNull(sqs);
        this.inspector = new DeadLetterInspector(sqs);
        this.pollInterval = pollInterval;
    }

    /**
     * @param max move at most this many (moves by hand)
     * @param rate move at most this many per second
     */
    public Result redrive(ConsumerQueues queues, OptionalLong max, OptionalDouble rate, Progress progress) {
        long started = System.nanoTime();
        if (max.isPresent()) {
            return byHand(queues, max, rate, progress, started, "--max given: a move task cannot stop at a count");
        }
        String deadLetterArn = arn(queues.deadLetterQueueUrl());
        String taskHandle;
        try {
            StartMessageMoveTaskRequest.Builder request = StartMessageMoveTaskRequest.builder()
                    .sourceArn(deadLetterArn)
                    .destinationArn(arn(queues.queueUrl()));
            rate.ifPresent(perSecond -> request.maxNumberOfMessagesPerSecond(
                    (int) Math.clamp(Math.floor(perSecond), 1, MOVE_TASK_MAX_RATE)));
            taskHandle = sqs.startMessageMoveTask(request.build()).taskHandle();
        } catch (AwsServiceException e) {
            if (!moveTaskUnavailable(e)) {
                throw e;
            }
            return byHand(queues, max, rate, progress, started, "StartMessageMoveTask is not available here (HTTP "
                    + e.statusCode() + (errorCode(e).isEmpty() ? "" : " " + errorCode(e)) + ")");
        }
        return followMoveTask(queues, deadLetterArn, taskHandle, progress, started);
    }

    /** Whether an error to {@code StartMessageMoveTask} says the endpoint cannot run one, rather than that the call was wrong. */
    static boolean moveTaskUnavailable(AwsServiceException e) {
        return e instanceof software.amazon.awssdk.services.sqs.model.UnsupportedOperationException
                || e.statusCode() >= 500 // an endpoint that does not implement the action fails on it (moto: 500)
                || UNAVAILABLE_CODES.contains(errorCode(e));
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    private Result followMoveTask(ConsumerQueues queues, String deadLetterArn, String taskHandle, Progress progress,
                                  long started) {
        ListMessageMoveTasksResultEntry task;
        while (true) {
            List<ListMessageMoveTasksResultEntry> tasks = sqs.listMessageMoveTasks(request -> request
                    .sourceArn(deadLetterArn).maxResults(10)).results();
            // Newest first; only a running task shows its handle, and a queue runs one task at a time.
            task = tasks.stream().filter(entry -> taskHandle.equals(entry.taskHandle())).findFirst()
                    .orElse(tasks.isEmpty() ? null : tasks.getFirst());
            if (task == null) {
                throw new CommandException("The move task " + taskHandle + " is not listed by ListMessageMoveTasks");
            }
            long toMove = task.approximateNumberOfMessagesToMove() == null ? -1 : task.approximateNumberOfMessagesToMove();
            progress.update(moved(task), toMove);
            if (!"RUNNING".equals(task.status()) && !"CANCELLING".equals(task.status())) {
                break;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sqs.cancelMessageMoveTask(request -> request.taskHandle(taskHandle));
                return new Result(queues, Method.MESSAGE_MOVE_TASK, moved(task), toMove, since(started), false,
                        "interrupted: move task cancelled");
            }
        }
        long toMove = task.approximateNumberOfMessagesToMove() == null ? moved(task) : task.approximateNumberOfMessagesToMove();
        boolean completed = "COMPLETED".equals(task.status());
        return new Result(queues, Method.MESSAGE_MOVE_TASK, moved(task), toMove, since(started), completed,
                completed ? null : "move task " + task.status() + (task.failureReason() == null ? "" : ": " + task.failureReason()));
    }

    private static long moved(ListMessageMoveTasksResultEntry task) {
        return task.approximateNumberOfMessagesMoved() == null ? 0 : task.approximateNumberOfMessagesMoved();
    }

    private Result byHand(ConsumerQueues queues, OptionalLong max, OptionalDouble rate, Progress progress, long started,
                          String why) {
        String deadLetterUrl = queues.deadLetterQueueUrl();
        long waiting = inspector.count(deadLetterUrl);
        long total = Math.min(waiting, max.orElse(Long.MAX_VALUE));
        boolean fifo = queues.queueUrl().endsWith(".fifo"); // SQS requires the suffix on FIFO queue names
        Pacer pacer = new Pacer(rate);
        long moved = 0;
        progress.update(0, total);
        while (moved < total) {
            int wanted = (int) Math.min(10, total - moved);
            List<Message> batch = inspector.receive(deadLetterUrl, wanted, hideSeconds(wanted, rate));
            if (batch.isEmpty()) {
                // Fewer than counted (the count is approximate, or someone else took some): all there was is moved.
                return new Result(queues, Method.RECEIVE_SEND_DELETE, moved, total, since(started), true,
                        why + "; the DLQ had no more visible messages");
            }
            for (int i = 0; i < batch.size(); i++) {
                Message message = batch.get(i);
                try {
                    pacer.awaitTurn(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    inspector.release(deadLetterUrl, batch.subList(i, batch.size()));
                    return new Result(queues, Method.RECEIVE_SEND_DELETE, moved, total, since(started), false, why + "; interrupted");
                }
                try {
                    send(queues.queueUrl(), message, fifo);
                } catch (SdkException e) {
                    inspector.release(deadLetterUrl, batch.subList(i, batch.size()));
                    throw new CommandException("Redrive of " + queues.consumer() + " stopped after " + moved + " of " + total
                            + ": sending message " + message.messageId() + " failed, it stays in the dead-letter queue: "
                            + e.getMessage(), e);
                }
                delete(deadLetterUrl, message);
                moved++;
                progress.update(moved, total);
            }
        }
        return new Result(queues, Method.RECEIVE_SEND_DELETE, moved, total, since(started), true, why);
    }

    private void send(String queueUrl, Message message, boolean fifo) {
        sqs.sendMessage(request -> {
            request.queueUrl(queueUrl)
                    .messageBody(message.body())
                    .messageAttributes(DeadLetterMessage.redriveAttributes(message));
            if (fifo) {
                request.messageGroupId(message.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, "redrive"))
                        // Stable for this DLQ message: a retried redrive within SQS's 5-minute window is not sent twice.
                        .messageDeduplicationId(message.messageId());
            }
        });
    }

    private void delete(String queueUrl, Message message) {
        try {
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        } catch (SdkException e) {
            LOG.warn("Message {} was sent back to the queue but not deleted from the dead-letter queue, so a copy stays "
                    + "there (the consumer will take it as a duplicate): {}", message.messageId(), e.getMessage());
        }
    }

    /** Long enough to send and delete a batch at the given rate, with a margin. */
    private static int hideSeconds(int batchSize, OptionalDouble rate) {
        double pacing = rate.isPresent() ? batchSize / rate.getAsDouble() : 0;
        return (int) Math.min(MAX_VISIBILITY_SECONDS, 60 + Math.ceil(pacing));
    }

    private String arn(String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
