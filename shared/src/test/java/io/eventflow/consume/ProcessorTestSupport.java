package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.testing.RequestRecorder;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestLambdaContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SqsRequest;

/**
 * What the batch processor tests share: real queues and tables on the emulator, a fresh consumer name per test (so
 * its idempotency keys are its own), and a record of every request the processor itself sends. The tests' own reads
 * and writes go through separate, unrecorded clients.
 */
@ExtendWith(AwsEmulatorExtension.class)
abstract class ProcessorTestSupport {

    static final EventValidator VALIDATOR = new EventValidator(EventTypeRegistry.fromClasspath());
    /** Seed of the backoff jitter, so each test's delays are reproducible. */
    static final long SEED = 42;
    /** Every delay is 0 s (base = cap = 1 ms): a retried message is receivable again at once. */
    static final Backoff IMMEDIATE = Backoff.builder().base(Duration.ofMillis(1)).cap(Duration.ofMillis(1)).build();

    /** Requests the processor (and its idempotency store) sent. */
    static final RequestRecorder requests = new RequestRecorder();

    private static AwsClients testClients;
    private static AwsClients processorClients;
    /** The test's view of SQS: creating, sending, receiving, counting. */
    static SqsClient sqs;
    /** The test's view of DynamoDB: reading records, counters. */
    static DynamoDbClient dynamoDb;
    static String idempotencyTable;
    static String counters;
    /** The processor's idempotency store (recorded). */
    static IdempotencyStore store;
    /** The same table as seen by another worker (not recorded). */
    static IdempotencyStore otherWorker;

    String consumer;
    TestLambdaContext context;
    final List<Event> handled = new CopyOnWriteArrayList<>();
    final List<RecordResult> results = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createClientsAndTables(AwsEmulator emulator) {
        testClients = TestAws.clients(emulator);
        processorClients = TestAws.clients(emulator, requests);
        sqs = testClients.sqs();
        dynamoDb = testClients.dynamoDb();
        idempotencyTable = TestAws.createIdempotencyTable(dynamoDb);
        counters = TestAws.createTable(dynamoDb, TestAws.uniqueName("counters"), "pk");
        store = IdempotencyStore.builder().dynamoDbClient(processorClients.dynamoDb()).tableName(idempotencyTable).build();
        otherWorker = IdempotencyStore.builder().dynamoDbClient(dynamoDb).tableName(idempotencyTable).build();
    }

    @AfterAll
    static void closeClients() {
        testClients.close();
        processorClients.close();
    }

    @BeforeEach
    void newConsumer() {
        consumer = TestAws.uniqueName("consumer");
        context = new TestLambdaContext(60_000);
        requests.clear();
    }

    // --- processors ---

    /** Wired to the emulator with the recorded clients, seeded jitter and the default backoff. */
    SqsBatchProcessor.Builder builder() {
        return SqsBatchProcessor.builder()
                .consumer(consumer)
                .validator(VALIDATOR)
                .idempotencyStore(store)
                .sqsClient(processorClients.sqs())
                .listener(results::add)
                .random(new Random(SEED));
    }

    SqsBatchProcessor processor(EventHandler handler) {
        return builder().handler(handler).build();
    }

    /** A processor whose handler records each event it is given. */
    SqsBatchProcessor recordingProcessor() {
        return processor(delivery -> handled.add(delivery.event()));
    }

    SqsBatchProcessor transactionalProcessor(TransactionalEventHandler handler) {
        return builder().transactionalHandler(handler).build();
    }

    /** A transactional processor whose handler reads items through its {@link ItemReads} (recorded, as the rest). */
    SqsBatchProcessor readingTransactionalProcessor(TransactionalEventHandler handler) {
        return builder().transactionalHandler(handler).dynamoDbClient(processorClients.dynamoDb()).build();
    }

    // --- reading results ---

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    List<RecordOutcome> outcomes() {
        return results.stream().map(RecordResult::outcome).toList();
    }

    /** The only result reported for a message. */
    RecordResult resultOf(String messageId) {
        List<RecordResult> matching = results.stream().filter(result -> result.messageId().equals(messageId)).toList();
        assertThat(matching).as("results of message %s", messageId).hasSize(1);
        return matching.getFirst();
    }

    static String receiveCountOf(SQSEvent.SQSMessage message) {
        return message.getAttributes().get("ApproximateReceiveCount");
    }

    Map<String, AttributeValue> idempotencyRecord(Event event) {
        return TestAws.item(dynamoDb, idempotencyTable, "id", key(event));
    }

    String key(Event event) {
        return consumer + "#" + event.id();
    }

    static List<SqsRequest> sqsRequests() {
        return requests.of(SqsRequest.class);
    }

    static List<DynamoDbRequest> dynamoDbRequests() {
        return requests.of(DynamoDbRequest.class);
    }

    /** The visibility timeouts the processor asked for, in the order it asked. */
    static List<Integer> visibilityChanges() {
        return requests.of(ChangeMessageVisibilityBatchRequest.class).stream()
                .flatMap(request -> request.entries().stream())
                .map(ChangeMessageVisibilityBatchRequestEntry::visibilityTimeout)
                .toList();
    }

    static long counter(String counter) {
        Map<String, AttributeValue> item = TestAws.item(dynamoDb, counters, "pk", counter);
        assertThat(item).as("counter %s", counter).containsKey("n");
        return Long.parseLong(item.get("n").n());
    }

    // --- events ---

    static Event withData(Event event, Consumer<ObjectNode> change) {
        ObjectNode data = ((ObjectNode) event.data()).deepCopy();
        change.accept(data);
        return event.toBuilder().data(data).build();
    }

    // --- dead letters ---

    /**
     * Checks one dead-letter queue message: the original body untouched, every original attribute kept, and the
     * dead-letter attributes (reason, consumer, receive count, a failure time between {@code notBefore} and
     * {@code notAfter} in RFC 3339). Returns its {@code dlq-error}.
     */
    String assertDeadLetter(Message letter, String body, Map<String, MessageAttributeValue> originalAttributes,
                            DeadLetterReason reason, int receiveCount, Instant notBefore, Instant notAfter) {
        assertThat(letter.body()).as("body").isEqualTo(body);
        Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
        assertThat(attributes.get(DeadLetterReason.ATTRIBUTE).stringValue()).as("reason").isEqualTo(reason.code());
        assertThat(attributes.get(DeadLetterReason.CONSUMER_ATTRIBUTE).stringValue()).as("consumer").isEqualTo(consumer);
        MessageAttributeValue count = attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE);
        assertThat(count.dataType()).isEqualTo("Number");
        assertThat(count.stringValue()).as("receive count").isEqualTo(Integer.toString(receiveCount));
        String failedAt = attributes.get(DeadLetterReason.FAILED_AT_ATTRIBUTE).stringValue();
        assertThat(OffsetDateTime.parse(failedAt, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant())
                .as("failed at %s", failedAt).isBetween(notBefore, notAfter);
        originalAttributes.forEach((name, value) -> {
            assertThat(attributes).as("original attribute %s", name).containsKey(name);
            assertThat(attributes.get(name).stringValue()).as("original attribute %s", name).isEqualTo(value.stringValue());
            assertThat(attributes.get(name).dataType()).as("type of original attribute %s", name).isEqualTo(value.dataType());
        });
        String error = attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue();
        assertThat(error).as("error").isNotBlank();
        return error;
    }
}
