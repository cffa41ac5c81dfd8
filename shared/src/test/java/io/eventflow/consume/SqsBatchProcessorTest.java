package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.SqsEvents;
import io.eventflow.testing.SqsEvents.SqsRecord;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestLambdaContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

@ExtendWith(AwsEmulatorExtension.class)
class SqsBatchProcessorTest {

    private static final EventValidator VALIDATOR = new EventValidator(EventTypeRegistry.fromClasspath());
    private static final TestLambdaContext CONTEXT = new TestLambdaContext(60_000);

    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static String idempotencyTable;
    private static String counters;
    private static IdempotencyStore store;

    /** A consumer name per test: its idempotency keys are its own. */
    private String consumer;
    private final List<Event> handled = new CopyOnWriteArrayList<>();
    private final List<RecordResult> results = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void createTables(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
        dynamoDb = clients.dynamoDb();
        idempotencyTable = TestAws.createIdempotencyTable(dynamoDb);
        counters = TestAws.createTable(dynamoDb, TestAws.uniqueName("counters"), "pk");
        store = IdempotencyStore.builder().dynamoDbClient(dynamoDb).tableName(idempotencyTable).build();
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void newConsumer() {
        consumer = TestAws.uniqueName("consumer");
    }

    @Test
    void aBatchOfValidEventsIsHandledOnceEach() {
        List<Event> events = threeEvents();
        List<SqsRecord> records = events.stream().map(SqsEvents::record).toList();

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(records), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactlyElementsOf(events);
        assertThat(results).containsExactly(
                processed(records.get(0), events.get(0)),
                processed(records.get(1), events.get(1)),
                processed(records.get(2), events.get(2)));
        for (Event event : events) {
            Map<String, AttributeValue> record = idempotencyRecord(event);
            assertThat(record.get("status").s()).isEqualTo("COMPLETED");
            assertThat(record.get("payload_hash").s()).isEqualTo(PayloadHash.of(event));
            assertThat(record.get("attempts").n()).isEqualTo("1");
        }
    }

    @Test
    void theSameBatchAgainIsAcknowledgedAsDuplicateWithoutCallingTheHandler() {
        List<Event> events = threeEvents();
        List<SqsRecord> records = events.stream().map(SqsEvents::record).toList();
        SqsBatchProcessor processor = recordingProcessor();
        processor.process(SqsEvents.batch(records), CONTEXT);
        handled.clear();
        results.clear();

        SQSBatchResponse response = processor.process(
                SqsEvents.batch(records.stream().map(SqsRecord::redelivered).toList()), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).isEmpty();
        assertThat(results).containsExactly(
                result(records.get(0), events.get(0), RecordOutcome.DUPLICATE, null),
                result(records.get(1), events.get(1), RecordOutcome.DUPLICATE, null),
                result(records.get(2), events.get(2), RecordOutcome.DUPLICATE, null));
    }

    @Test
    void theSameEventTwiceInOneBatchIsHandledOnce() {
        Event event = ExampleEvents.fresh("order.shipped");
        SqsRecord first = SqsEvents.record(event);
        SqsRecord second = SqsEvents.record(event);

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(first, second), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(results).extracting(RecordResult::messageId, RecordResult::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first.messageId(), RecordOutcome.PROCESSED),
                org.assertj.core.groups.Tuple.tuple(second.messageId(), RecordOutcome.DUPLICATE));
    }

    @Test
    void malformedAndSchemaInvalidMessagesFailAloneAndTheGoodOneIsProcessed() {
        SqsRecord malformed = SqsEvents.rawRecord("{\"specversion\": \"1.0\", \"id\": ");
        Event invalidEvent = withoutTrackingNumber(ExampleEvents.fresh("order.shipped"));
        SqsRecord invalid = SqsEvents.record(invalidEvent);
        Event goodEvent = ExampleEvents.fresh("order.shipped");
        SqsRecord good = SqsEvents.record(goodEvent);

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(malformed, invalid, good), CONTEXT);

        assertThat(failedIds(response)).containsExactlyInAnyOrder(malformed.messageId(), invalid.messageId());
        assertThat(handled).containsExactly(goodEvent);
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).satisfies(result -> {
            assertThat(result.messageId()).isEqualTo(malformed.messageId());
            assertThat(result.outcome()).isEqualTo(RecordOutcome.FAILED);
            assertThat(result.eventId()).isNull();
            assertThat(result.error()).contains("CloudEvents");
        });
        assertThat(results.get(1)).satisfies(result -> {
            assertThat(result.messageId()).isEqualTo(invalid.messageId());
            assertThat(result.outcome()).isEqualTo(RecordOutcome.FAILED);
            assertThat(result.error()).contains("tracking_number");
        });
        assertThat(results.get(2)).isEqualTo(processed(good, goodEvent));
        assertThat(idempotencyRecord(invalidEvent)).as("no claim for an invalid event").isEmpty();
        assertThat(idempotencyRecord(goodEvent).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void emptyBodiesAndUnknownTypesFail() {
        SqsRecord empty = SqsEvents.rawRecord("");
        Event unknownType = ExampleEvents.fresh("order.shipped").toBuilder().type("order.teleported").dataSchema(null).build();
        SqsRecord unknown = SqsEvents.record(unknownType);

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(empty, unknown), CONTEXT);

        assertThat(failedIds(response)).containsExactly(empty.messageId(), unknown.messageId());
        assertThat(handled).isEmpty();
        assertThat(results.get(1).error()).contains("order.teleported");
    }

    @Test
    void aThrowingHandlerFailsOnlyItsMessageAndRecordsTheError() {
        List<Event> events = threeEvents();
        List<SqsRecord> records = events.stream().map(SqsEvents::record).toList();
        Event poisoned = events.get(1);
        SqsBatchProcessor processor = processor(event -> {
            if (event.id().equals(poisoned.id())) {
                throw new IllegalStateException("mail server down");
            }
            handled.add(event);
        });

        SQSBatchResponse response = processor.process(SqsEvents.batch(records), CONTEXT);

        assertThat(failedIds(response)).containsExactly(records.get(1).messageId());
        assertThat(handled).containsExactly(events.get(0), events.get(2));
        assertThat(results).extracting(RecordResult::outcome)
                .containsExactly(RecordOutcome.PROCESSED, RecordOutcome.FAILED, RecordOutcome.PROCESSED);
        assertThat(results.get(1).eventId()).isEqualTo(poisoned.id());
        assertThat(results.get(1).error()).contains("mail server down");
        Map<String, AttributeValue> record = idempotencyRecord(poisoned);
        assertThat(record.get("status").s()).isEqualTo("FAILED");
        assertThat(record.get("last_error").s()).contains("IllegalStateException").contains("mail server down");
        assertThat(record).doesNotContainKey("lease_until");
        assertThat(idempotencyRecord(events.get(0)).get("status").s()).isEqualTo("COMPLETED");
        assertThat(idempotencyRecord(events.get(2)).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void aFailedMessageIsProcessedExactlyOnceAfterTheHandlerRecovers() {
        Event event = ExampleEvents.fresh("user.signed_up");
        SqsRecord record = SqsEvents.record(event);
        AtomicBoolean down = new AtomicBoolean(true);
        SqsBatchProcessor processor = processor(e -> {
            if (down.get()) {
                throw new IllegalStateException("mail server down");
            }
            handled.add(e);
        });
        assertThat(failedIds(processor.process(SqsEvents.batch(record), CONTEXT))).containsExactly(record.messageId());

        down.set(false);
        SqsRecord retry = record.redelivered();
        SQSBatchResponse retried = processor.process(SqsEvents.batch(retry), CONTEXT);
        SQSBatchResponse again = processor.process(SqsEvents.batch(retry.redelivered()), CONTEXT);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(results).extracting(RecordResult::outcome)
                .containsExactly(RecordOutcome.FAILED, RecordOutcome.PROCESSED, RecordOutcome.DUPLICATE);
        Map<String, AttributeValue> stored = idempotencyRecord(event);
        assertThat(stored.get("status").s()).isEqualTo("COMPLETED");
        assertThat(stored.get("attempts").n()).isEqualTo("2");
    }

    @Test
    void theClaimLeaseIsTheLambdaRemainingTime() {
        Event event = ExampleEvents.fresh("order.created");
        List<Map<String, AttributeValue>> duringHandling = new ArrayList<>();
        SqsBatchProcessor processor = processor(e -> duringHandling.add(idempotencyRecord(e)));
        long before = System.currentTimeMillis();

        processor.process(SqsEvents.batch(SqsEvents.record(event)), new TestLambdaContext(42_000));

        long after = System.currentTimeMillis();
        assertThat(duringHandling).singleElement().satisfies(record -> {
            assertThat(record.get("status").s()).isEqualTo("INPROGRESS");
            assertThat(Long.parseLong(record.get("lease_until").n())).isBetween(before + 42_000, after + 42_000);
        });
    }

    @Test
    void withoutALambdaContextTheLeaseIsFiveMinutes() {
        Event event = ExampleEvents.fresh("order.created");
        List<Map<String, AttributeValue>> duringHandling = new ArrayList<>();
        SqsBatchProcessor processor = processor(e -> duringHandling.add(idempotencyRecord(e)));
        long before = System.currentTimeMillis();

        processor.process(SqsEvents.batch(SqsEvents.record(event)), null);

        long after = System.currentTimeMillis();
        assertThat(duringHandling).singleElement().satisfies(record -> assertThat(Long.parseLong(record.get("lease_until").n()))
                .isBetween(before + 300_000, after + 300_000));
    }

    @Test
    void anEventIdReusedWithOtherContentFailsWithoutCallingTheHandler() {
        Event original = ExampleEvents.fresh("order.shipped");
        SqsBatchProcessor processor = recordingProcessor();
        processor.process(SqsEvents.batch(SqsEvents.record(original)), CONTEXT);
        ObjectNode otherData = (ObjectNode) original.data();
        otherData.put("carrier", "DHL");
        Event reused = original.toBuilder().data(otherData).build();
        SqsRecord conflicting = SqsEvents.record(reused);

        SQSBatchResponse response = processor.process(SqsEvents.batch(conflicting), CONTEXT);

        assertThat(failedIds(response)).containsExactly(conflicting.messageId());
        assertThat(handled).containsExactly(original);
        assertThat(results.get(1).outcome()).isEqualTo(RecordOutcome.FAILED);
        assertThat(results.get(1).error()).contains("different payload").contains(original.id());
        Map<String, AttributeValue> record = idempotencyRecord(original);
        assertThat(record.get("status").s()).isEqualTo("COMPLETED");
        assertThat(record.get("payload_hash").s()).isEqualTo(PayloadHash.of(original));
    }

    @Test
    void anEventAnotherWorkerHoldsFailsForLaterRetryWithoutCallingTheHandler() {
        Event event = ExampleEvents.fresh("order.shipped");
        assertThat(store.claim(consumer + "#" + event.id(), PayloadHash.of(event), Duration.ofMinutes(1)))
                .isEqualTo(ClaimOutcome.CLAIMED);
        SqsRecord record = SqsEvents.record(event);

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(record), CONTEXT);

        assertThat(failedIds(response)).containsExactly(record.messageId());
        assertThat(handled).isEmpty();
        assertThat(results.getFirst().error()).contains("lease");
        assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("INPROGRESS");
    }

    @Test
    void consumersKeepSeparateIdempotencyKeys() {
        Event event = ExampleEvents.fresh("order.shipped");
        SqsRecord record = SqsEvents.record(event);
        recordingProcessor().process(SqsEvents.batch(record), CONTEXT);
        consumer = TestAws.uniqueName("other-consumer");

        SQSBatchResponse response = recordingProcessor().process(SqsEvents.batch(record), CONTEXT);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event, event);
    }

    // --- the transactional path ---

    @Test
    void transactionalEffectsApplyOncePerUniqueEventAcrossDuplicatesAndBatches() {
        Event a = ExampleEvents.fresh("order.created");
        Event b = ExampleEvents.fresh("order.shipped");
        Event c = ExampleEvents.fresh("user.signed_up");
        String total = TestAws.uniqueName("total");
        SqsBatchProcessor processor = transactionalProcessor(event -> List.of(TestAws.increment(counters, total), TestAws.increment(counters, "event#" + event.id())));
        SqsRecord a1 = SqsEvents.record(a);
        SqsRecord b1 = SqsEvents.record(b);
        SqsRecord a2 = SqsEvents.record(a);

        SQSBatchResponse first = processor.process(SqsEvents.batch(a1, b1, a2), CONTEXT);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(results).extracting(RecordResult::outcome)
                .containsExactly(RecordOutcome.PROCESSED, RecordOutcome.PROCESSED, RecordOutcome.DUPLICATE);
        assertThat(counter(total)).isEqualTo(2);

        SQSBatchResponse second = processor.process(
                SqsEvents.batch(a1.redelivered(), SqsEvents.record(c), b1.redelivered(), SqsEvents.record(a)), CONTEXT);

        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(results.subList(3, 7)).extracting(RecordResult::outcome).containsExactly(
                RecordOutcome.DUPLICATE, RecordOutcome.PROCESSED, RecordOutcome.DUPLICATE, RecordOutcome.DUPLICATE);
        assertThat(counter(total)).isEqualTo(3);
        for (Event event : List.of(a, b, c)) {
            assertThat(counter("event#" + event.id())).as("effects of %s", event).isEqualTo(1);
            Map<String, AttributeValue> record = idempotencyRecord(event);
            assertThat(record.get("status").s()).isEqualTo("COMPLETED");
            assertThat(record.get("attempts").n()).isEqualTo("1");
        }
    }

    @Test
    void aTransactionalEffectWhoseConditionFailsAppliesNothingAndIsRetried() {
        Event event = ExampleEvents.fresh("order.created");
        String total = TestAws.uniqueName("total");
        String gate = TestAws.uniqueName("gate");
        // The second effect requires a gate item that does not exist yet.
        SqsBatchProcessor processor = transactionalProcessor(e -> List.of(TestAws.increment(counters, total), requireExisting(gate)));
        SqsRecord record = SqsEvents.record(event);

        SQSBatchResponse response = processor.process(SqsEvents.batch(record), CONTEXT);

        assertThat(failedIds(response)).containsExactly(record.messageId());
        assertThat(TestAws.item(dynamoDb, counters, "pk", total)).as("rolled back").isEmpty();
        Map<String, AttributeValue> failed = idempotencyRecord(event);
        assertThat(failed.get("status").s()).isEqualTo("FAILED");
        assertThat(failed.get("last_error").s()).contains("TransactionCanceledException");

        dynamoDb.putItem(request -> request.tableName(counters).item(Map.of("pk", AttributeValue.fromS(gate))));
        SQSBatchResponse retried = processor.process(SqsEvents.batch(record.redelivered()), CONTEXT);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(counter(total)).isEqualTo(1);
        assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void aTransactionalHandlerThatThrowsFailsOnlyItsMessage() {
        Event bad = ExampleEvents.fresh("order.created");
        Event good = ExampleEvents.fresh("order.shipped");
        String total = TestAws.uniqueName("total");
        SqsBatchProcessor processor = transactionalProcessor(event -> {
            if (event.id().equals(bad.id())) {
                throw new IllegalArgumentException("no counter for this event");
            }
            return List.of(TestAws.increment(counters, total));
        });
        SqsRecord badRecord = SqsEvents.record(bad);

        SQSBatchResponse response = processor.process(SqsEvents.batch(badRecord, SqsEvents.record(good)), CONTEXT);

        assertThat(failedIds(response)).containsExactly(badRecord.messageId());
        assertThat(counter(total)).isEqualTo(1);
        assertThat(idempotencyRecord(bad).get("last_error").s()).contains("no counter for this event");
    }

    @Test
    void exactlyOneKindOfHandlerIsRequired() {
        SqsBatchProcessor.Builder neither = baseBuilder();
        SqsBatchProcessor.Builder both = baseBuilder().handler(event -> {}).transactionalHandler(event -> List.of());

        assertThatThrownBy(neither::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(both::build).isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers ---

    private static List<Event> threeEvents() {
        return List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.shipped"),
                ExampleEvents.fresh("user.signed_up"));
    }

    private SqsBatchProcessor.Builder baseBuilder() {
        return SqsBatchProcessor.builder()
                .consumer(consumer)
                .validator(VALIDATOR)
                .idempotencyStore(store)
                .listener(results::add);
    }

    private SqsBatchProcessor processor(EventHandler handler) {
        return baseBuilder().handler(handler).build();
    }

    private SqsBatchProcessor recordingProcessor() {
        return processor(handled::add);
    }

    private SqsBatchProcessor transactionalProcessor(TransactionalEventHandler handler) {
        return baseBuilder().transactionalHandler(handler).build();
    }

    private RecordResult processed(SqsRecord record, Event event) {
        return result(record, event, RecordOutcome.PROCESSED, null);
    }

    private RecordResult result(SqsRecord record, Event event, RecordOutcome outcome, String error) {
        return new RecordResult(consumer, record.messageId(), event.id(), event.type(), outcome, error);
    }

    private Map<String, AttributeValue> idempotencyRecord(Event event) {
        return TestAws.item(dynamoDb, idempotencyTable, "id", consumer + "#" + event.id());
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static Event withoutTrackingNumber(Event event) {
        ObjectNode data = (ObjectNode) event.data();
        data.remove("tracking_number");
        return event.toBuilder().data(data).build();
    }

    private static TransactWriteItem requireExisting(String item) {
        return TransactWriteItem.builder().conditionCheck(check -> check
                        .tableName(counters)
                        .key(Map.of("pk", AttributeValue.fromS(item)))
                        .conditionExpression("attribute_exists(pk)"))
                .build();
    }

    private static long counter(String counter) {
        Map<String, AttributeValue> item = TestAws.item(dynamoDb, counters, "pk", counter);
        assertThat(item).as("counter %s", counter).containsKey("n");
        return Long.parseLong(item.get("n").n());
    }
}
