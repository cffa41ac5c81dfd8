package io.eventflow.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A real SQS source queue on the emulator, with a RedrivePolicy to its own dead-letter queue (a FIFO one for a FIFO
 * source), as the template declares consumer queues. Messages go in the way SNS raw delivery puts them there (body =
 * the CloudEvent, message attributes {@code type} and {@code event-id}) and come out as the {@link SQSEvent} the
 * Lambda Java runtime hands a handler: received with every attribute, turned into Lambda's event-source JSON and
 * deserialized by {@link SqsEventTranslator}.
 */
public final class TestQueue {

    /**
     * The queue's own visibility timeout unless a test asks for another: long enough that a message a test received
     * never comes back on its own during the test, so a quick redelivery is always the processor's (or the test's,
     * {@link #makeVisible}) doing.
     */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #receive} waits for the expected messages before failing. */
    private static final Duration RECEIVE_DEADLINE = Duration.ofSeconds(10);
    /** Messages the test received from a dead-letter queue stay hidden for the rest of the test. */
    private static final int DEAD_LETTER_VISIBILITY_SECONDS = 300;

    private static final EventCodec CODEC = new EventCodec();
    private static final SqsEventTranslator TRANSLATOR = new SqsEventTranslator();

    private final SqsClient sqs;
    private final String url;
    private final String arn;
    private final String deadLetterUrl;
    private final String deadLetterArn;
    private final int maxReceiveCount;
    private final boolean fifo;

    private TestQueue(SqsClient sqs, String url, String arn, String deadLetterUrl, String deadLetterArn,
                      int maxReceiveCount, boolean fifo) {
        this.sqs = sqs;
        this.url = url;
        this.arn = arn;
        this.deadLetterUrl = deadLetterUrl;
        this.deadLetterArn = deadLetterArn;
        this.maxReceiveCount = maxReceiveCount;
        this.fifo = fifo;
    }

    /** A standard queue that dead-letters after {@code maxReceiveCount} receives. */
    public static TestQueue create(SqsClient sqs, int maxReceiveCount) {
        return create(sqs, maxReceiveCount, false);
    }

    /** A standard or FIFO queue that dead-letters after {@code maxReceiveCount} receives. */
    public static TestQueue create(SqsClient sqs, int maxReceiveCount, boolean fifo) {
        return create(sqs, maxReceiveCount, fifo, DEFAULT_VISIBILITY_TIMEOUT);
    }

    /**
     * A queue with its own visibility timeout. With {@link Duration#ZERO} a received message stays visible, so any
     * invisibility after processing is the processor's doing (a backoff).
     */
    public static TestQueue create(SqsClient sqs, int maxReceiveCount, boolean fifo, Duration visibilityTimeout) {
        if (maxReceiveCount < 1) {
            throw new IllegalArgumentException("maxReceiveCount must be at least 1: " + maxReceiveCount);
        }
        String name = TestAws.uniqueName("source");
        String deadLetterUrl = createQueue(sqs, name + "-dlq", fifo, Map.of());
        String deadLetterArn = arnOf(sqs, deadLetterUrl);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":" + maxReceiveCount + "}";
        String url = createQueue(sqs, name, fifo, Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy,
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds())));
        return new TestQueue(sqs, url, arnOf(sqs, url), deadLetterUrl, deadLetterArn, maxReceiveCount, fifo);
    }

    /** A standard queue with no RedrivePolicy: there is nowhere to dead-letter to. */
    public static TestQueue withoutDeadLetterQueue(SqsClient sqs) {
        String url = createQueue(sqs, TestAws.uniqueName("source-no-dlq"), false, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(DEFAULT_VISIBILITY_TIMEOUT.toSeconds())));
        return new TestQueue(sqs, url, arnOf(sqs, url), null, null, 0, false);
    }

    private static String createQueue(SqsClient sqs, String name, boolean fifo, Map<QueueAttributeName, String> attributes) {
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        String queueName = name;
        if (fifo) {
            queueName = name + ".fifo";
            all.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        String finalName = queueName;
        return sqs.createQueue(request -> request.queueName(finalName).attributes(all)).queueUrl();
    }

    private static String arnOf(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    // --- sending ---

    /** The message attributes SNS raw delivery carries for an event EventPublisher published. */
    public static Map<String, MessageAttributeValue> attributesOf(Event event) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("type", string(event.type()));
        attributes.put("event-id", string(event.id()));
        return attributes;
    }

    public static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Sends each event as SNS raw delivery would (standard queues); returns the message ids in order. */
    public List<String> send(Event... events) {
        requireStandard();
        List<String> ids = new ArrayList<>();
        for (Event event : events) {
            ids.add(sendRaw(CODEC.encode(event), attributesOf(event)));
        }
        return ids;
    }

    /** Sends any body without message attributes; returns the message id. */
    public String sendRaw(String body) {
        return sendRaw(body, Map.of());
    }

    /** Sends any body with these message attributes (standard queues); returns the message id. */
    public String sendRaw(String body, Map<String, MessageAttributeValue> attributes) {
        requireStandard();
        return send(SendMessageRequest.builder().messageBody(body).messageAttributes(attributes));
    }

    /** Sends an event to a FIFO queue in a message group, with a fresh deduplication id; returns the message id. */
    public String sendToGroup(String group, Event event) {
        return sendRawToGroup(group, CODEC.encode(event), attributesOf(event));
    }

    /** Sends any body to a FIFO queue in a message group, with a fresh deduplication id; returns the message id. */
    public String sendRawToGroup(String group, String body, Map<String, MessageAttributeValue> attributes) {
        return sendRawToGroup(group, UUID.randomUUID().toString(), body, attributes);
    }

    /** Sends any body to a FIFO queue with an explicit group and deduplication id; returns the message id. */
    public String sendRawToGroup(String group, String deduplicationId, String body, Map<String, MessageAttributeValue> attributes) {
        if (!fifo) {
            throw new IllegalStateException("message groups need a FIFO queue");
        }
        return send(SendMessageRequest.builder().messageBody(body).messageAttributes(attributes)
                .messageGroupId(group).messageDeduplicationId(deduplicationId));
    }

    private String send(SendMessageRequest.Builder request) {
        return sqs.sendMessage(request.queueUrl(url).build()).messageId();
    }

    private void requireStandard() {
        if (fifo) {
            throw new IllegalStateException("a FIFO queue needs a message group: use sendToGroup");
        }
    }

    // --- receiving, as Lambda's event source does ---

    /**
     * Receives exactly {@code expected} messages (every system and message attribute, short long-polls, until they are
     * all in, for at most ten seconds) and returns them as the SQSEvent Lambda would hand
     * the handler.
     *
     * @throws AssertionError when fewer arrive
     */
    public SQSEvent receive(int expected) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_DEADLINE.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            int wanted = Math.min(10, expected - messages.size());
            for (Message message : receiveMessages(url, wanted, 1, null)) {
                if (messages.stream().noneMatch(m -> m.messageId().equals(message.messageId()))) {
                    messages.add(message);
                }
            }
        }
        if (messages.size() < expected) {
            throw new AssertionError("expected " + expected + " messages from " + url + " but received " + messages.size());
        }
        return toLambdaEvent(messages);
    }

    /**
     * One short poll (no wait) for up to ten messages: what is receivable at this moment, as an SQSEvent (possibly with
     * no records). The emulator answers from the whole queue; real SQS's short poll may sample only some servers.
     */
    public SQSEvent receiveNow() {
        return toLambdaEvent(receiveMessages(url, 10, 0, null));
    }

    private SQSEvent toLambdaEvent(List<Message> messages) {
        return TRANSLATOR.fromLambdaJson(TRANSLATOR.toLambdaJson(messages, arn));
    }

    private List<Message> receiveMessages(String queueUrl, int max, int waitSeconds, Integer visibilityTimeout) {
        return sqs.receiveMessage(request -> request
                        .queueUrl(queueUrl)
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds(waitSeconds)
                        .visibilityTimeout(visibilityTimeout)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    /**
     * What Lambda's event source does after the handler returns: deletes every record not reported in
     * {@code batchItemFailures}. Records the processor already deleted (dead-lettered, requeued) are ignored.
     */
    public void acknowledge(SQSEvent batch, SQSBatchResponse response) {
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (SQSEvent.SQSMessage record : batch.getRecords()) {
            if (!failed.contains(record.getMessageId())) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(record.getReceiptHandle())
                        .build());
            }
        }
        for (int start = 0; start < entries.size(); start += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + 10));
            sqs.deleteMessageBatch(request -> request.queueUrl(url).entries(chunk));
        }
    }

    /**
     * Makes these records receivable again at once, as if their visibility timeout (or backoff) had passed. Records
     * no longer in the queue are ignored.
     */
    public void makeVisible(SQSEvent batch) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (SQSEvent.SQSMessage record : batch.getRecords()) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .receiptHandle(record.getReceiptHandle())
                    .visibilityTimeout(0)
                    .build());
        }
        for (int start = 0; start < entries.size(); start += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + 10));
            sqs.changeMessageVisibilityBatch(request -> request.queueUrl(url).entries(chunk));
        }
    }

    // --- the dead-letter queue ---

    /**
     * Takes every message now in the dead-letter queue, with all its attributes; they stay hidden from later calls.
     * Only what {@link #deadLetterDepth()} counts is collected, so an empty queue costs no long poll.
     */
    public List<Message> deadLetters() {
        requireDeadLetterQueue();
        int expected = visibleCount(deadLetterUrl);
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + RECEIVE_DEADLINE.toNanos();
        while (messages.size() < expected && System.nanoTime() < deadline) {
            messages.addAll(receiveMessages(deadLetterUrl, Math.min(10, expected - messages.size()), 1,
                    DEAD_LETTER_VISIBILITY_SECONDS));
        }
        return messages;
    }

    /** Messages in the dead-letter queue: visible, in flight or delayed. */
    public int deadLetterDepth() {
        requireDeadLetterQueue();
        return depthOf(deadLetterUrl);
    }

    private void requireDeadLetterQueue() {
        if (deadLetterUrl == null) {
            throw new IllegalStateException(url + " has no dead-letter queue");
        }
    }

    // --- counts ---

    /** Messages in the source queue: visible, in flight or delayed. */
    public int depth() {
        return depthOf(url);
    }

    /** Messages of the source queue received and not yet visible again ({@code ApproximateNumberOfMessagesNotVisible}). */
    public int notVisible() {
        return count(url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /** Messages of the source queue receivable now ({@code ApproximateNumberOfMessages}). */
    public int visible() {
        return visibleCount(url);
    }

    private int visibleCount(String queueUrl) {
        return count(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private int depthOf(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private int count(String queueUrl, QueueAttributeName attribute) {
        return Integer.parseInt(sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    // --- identity ---

    public String url() {
        return url;
    }

    public String arn() {
        return arn;
    }

    public String deadLetterUrl() {
        return deadLetterUrl;
    }

    public String deadLetterArn() {
        return deadLetterArn;
    }

    public int maxReceiveCount() {
        return maxReceiveCount;
    }

    public boolean fifo() {
        return fifo;
    }

    /** The message ids of a batch, in order. */
    public static List<String> messageIds(SQSEvent batch) {
        return batch.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList();
    }
}
