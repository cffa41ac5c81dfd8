package io.eventflow.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.emulator.SqsEventTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, in-process: long-poll the queue, hand each batch to the handler as an
 * {@link SQSEvent}, delete the records that succeeded, and leave the rest (the reported {@code batchItemFailures}, or
 * the whole batch if the handler throws) to reappear after their visibility timeout.
 */
final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    private static final int LONG_POLL_SECONDS = 1;
    /** Between receives that found nothing while a batch gathers within its window. */
    private static final Duration GATHER_PAUSE = Duration.ofMillis(50);

    private final SqsClient sqs;
    private final FunctionDefinition function;
    private final FunctionDefinition.QueueSource source;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final SqsEventTranslator translator;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread poller;

    SqsEventSource(SqsClient sqs, FunctionDefinition function, FunctionDefinition.QueueSource source,
                   RequestHandler<SQSEvent, SQSBatchResponse> handler, SqsEventTranslator translator) {
        this.sqs = sqs;
        this.function = function;
        this.source = source;
        this.handler = handler;
        this.translator = translator;
        this.poller = Thread.ofVirtual().name("event-source-" + function.logicalId() + "-", 0).unstarted(this::pollUntilClosed);
    }

    void start() {
        poller.start();
    }

    /** True while a batch is being handled. */
    boolean busy() {
        return inFlight.get() > 0;
    }

    private void pollUntilClosed() {
        while (running.get()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("{}: polling {} failed: {}", function.logicalId(), source.queueUrl(), e.toString());
                    sleep(Duration.ofMillis(500));
                }
            }
        }
    }

    private void pollOnce() {
        List<Message> messages = new ArrayList<>(receive(source.batchSize(), LONG_POLL_SECONDS));
        if (messages.isEmpty()) {
            return;
        }
        // Like Lambda's poller: a batch that is not full keeps gathering until its size or its window is reached.
        long deadline = System.nanoTime() + source.batchingWindow().toNanos();
        while (messages.size() < source.batchSize() && System.nanoTime() < deadline && running.get()) {
            List<Message> more = receive(source.batchSize() - messages.size(), 0);
            if (more.isEmpty()) {
                sleep(GATHER_PAUSE);
            }
            messages.addAll(more);
        }
        // Received messages count as in flight on the queue itself; this covers the gap until they are deleted.
        inFlight.incrementAndGet();
        try {
            invoke(messages);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** One receive: at most ten messages, SQS's limit. */
    private List<Message> receive(int atMost, int waitSeconds) {
        return sqs.receiveMessage(request -> request
                .queueUrl(source.queueUrl())
                .maxNumberOfMessages(Math.min(10, atMost))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void invoke(List<Message> messages) {
        SQSEvent event = translator.fromLambdaJson(translator.toLambdaJson(messages, source.queueArn()));
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.handleRequest(event, function.newInvocationContext());
            if (source.reportBatchItemFailures() && response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable crash) {
            // What Lambda does when an invocation errors or its environment dies: every record comes back.
            LOG.warn("{}: invocation failed, the whole batch will be retried: {}", function.logicalId(), crash.toString());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream()
                .filter(message -> !failed.contains(message.messageId()))
                .map(message -> DeleteMessageBatchRequestEntry.builder()
                        .id(message.messageId()).receiptHandle(message.receiptHandle()).build())
                .toList();
        for (int start = 0; start < done.size(); start += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(start, Math.min(done.size(), start + 10));
            sqs.deleteMessageBatch(request -> request.queueUrl(source.queueUrl()).entries(chunk));
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
