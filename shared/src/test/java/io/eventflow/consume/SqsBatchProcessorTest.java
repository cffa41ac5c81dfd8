package io.eventflow.consume;

import static io.eventflow.testing.TestQueue.messageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestLambdaContext;
import io.eventflow.testing.TestQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The batch processor on real queues: the happy path, duplicates (redeliveries, the same event twice in a batch),
 * consumers' separate keys, the claim lease, and the transactional path.
 */
class SqsBatchProcessorTest extends ProcessorTestSupport {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void aBatchOfValidEventsIsHandledOnceEachWithTwoDynamoDbRequestsPerEventAndNoSqsRequest() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = threeEvents();
        Map<String, Event> byMessage = sent(queue, events);
        SQSEvent batch = queue.receive(3);
        List<Event> inBatchOrder = messageIds(batch).stream().map(byMessage::get).toList();

        SQSBatchResponse response = recordingProcessor().process(batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(inBatchOrder).containsExactlyInAnyOrderElementsOf(events);
        assertThat(handled).containsExactlyElementsOf(inBatchOrder);
        List<RecordResult> expected = new ArrayList<>();
        for (SQSEvent.SQSMessage message : batch.getRecords()) {
            Event event = byMessage.get(message.getMessageId());
            expected.add(new RecordResult(consumer, message.getMessageId(), event.id(), event.type(), RecordOutcome.PROCESSED, null));
        }
        assertThat(results).containsExactlyElementsOf(expected);
        for (Event event : events) {
            Map<String, AttributeValue> record = idempotencyRecord(event);
            assertThat(record.get("status").s()).isEqualTo("COMPLETED");
            assertThat(record.get("payload_hash").s()).isEqualTo(PayloadHash.of(event));
            assertThat(record.get("attempts").n()).isEqualTo("1");
        }
        assertThat(dynamoDbRequests()).as("claim + complete per event").hasSize(6).allMatch(UpdateItemRequest.class::isInstance);
        assertThat(sqsRequests()).as("a clean batch needs neither the queue lookup nor a backoff").isEmpty();
    }

    @Test
    void aRedeliveredBatchIsAcknowledgedAsDuplicateWithoutCallingTheHandler() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = threeEvents();
        Map<String, Event> byMessage = sent(queue, events);
        SqsBatchProcessor processor = recordingProcessor();
        SQSEvent first = queue.receive(3);
        processor.process(first, context);
        handled.clear();
        results.clear();
        requests.clear();
        // Lambda crashed before deleting: the same messages come back once their visibility ends.
        queue.makeVisible(first);

        SQSEvent redelivered = queue.receive(3);
        SQSBatchResponse response = processor.process(redelivered, context);

        assertThat(messageIds(redelivered)).containsExactlyInAnyOrderElementsOf(byMessage.keySet());
        assertThat(redelivered.getRecords()).extracting(ProcessorTestSupport::receiveCountOf).containsOnly("2");
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).isEmpty();
        assertThat(results).extracting(RecordResult::messageId, RecordResult::eventId, RecordResult::outcome)
                .containsExactlyElementsOf(redelivered.getRecords().stream()
                        .map(m -> tuple(m.getMessageId(), byMessage.get(m.getMessageId()).id(), RecordOutcome.DUPLICATE))
                        .toList());
        assertThat(dynamoDbRequests()).as("one failed claim per duplicate").hasSize(3);
        assertThat(sqsRequests()).isEmpty();
    }

    @Test
    void theSameEventTwiceInOneBatchIsHandledOnce() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.shipped");
        queue.send(event, event);
        SQSEvent batch = queue.receive(2);

        SQSBatchResponse response = recordingProcessor().process(batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event);
        assertThat(results).extracting(RecordResult::messageId, RecordResult::outcome).containsExactly(
                tuple(messageIds(batch).get(0), RecordOutcome.PROCESSED),
                tuple(messageIds(batch).get(1), RecordOutcome.DUPLICATE));
        assertThat(idempotencyRecord(event).get("attempts").n()).isEqualTo("1");
    }

    @Test
    void consumersKeepSeparateIdempotencyKeys() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.shipped");
        queue.send(event);
        SQSEvent batch = queue.receive(1);
        recordingProcessor().process(batch, context);
        String first = consumer;
        consumer = TestAws.uniqueName("other-consumer");
        queue.makeVisible(batch);

        SQSBatchResponse response = recordingProcessor().process(queue.receive(1), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(event, event);
        assertThat(outcomes()).containsExactly(RecordOutcome.PROCESSED, RecordOutcome.PROCESSED);
        assertThat(TestAws.item(dynamoDb, idempotencyTable, "id", first + "#" + event.id())).containsKey("status");
        assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void theClaimLeaseIsTheLambdaRemainingTime() {
        TestQueue queue = TestQueue.create(sqs, 5);
        queue.send(ExampleEvents.fresh("order.created"));
        SQSEvent batch = queue.receive(1);
        List<Map<String, AttributeValue>> duringHandling = new ArrayList<>();
        SqsBatchProcessor processor = processor(delivery -> duringHandling.add(idempotencyRecord(delivery.event())));
        long before = System.currentTimeMillis();

        processor.process(batch, new TestLambdaContext(42_000));

        long after = System.currentTimeMillis();
        assertThat(duringHandling).singleElement().satisfies(record -> {
            assertThat(record.get("status").s()).isEqualTo("INPROGRESS");
            assertThat(Long.parseLong(record.get("lease_until").n())).isBetween(before + 42_000, after + 42_000);
        });
    }

    @Test
    void withoutALambdaContextTheLeaseIsFiveMinutes() {
        TestQueue queue = TestQueue.create(sqs, 5);
        queue.send(ExampleEvents.fresh("order.created"));
        SQSEvent batch = queue.receive(1);
        List<Map<String, AttributeValue>> duringHandling = new ArrayList<>();
        SqsBatchProcessor processor = processor(delivery -> duringHandling.add(idempotencyRecord(delivery.event())));
        long before = System.currentTimeMillis();

        processor.process(batch, null);

        long after = System.currentTimeMillis();
        assertThat(duringHandling).singleElement().satisfies(record -> assertThat(Long.parseLong(record.get("lease_until").n()))
                .isBetween(before + 300_000, after + 300_000));
    }

    // --- the transactional path ---

    @Test
    void transactionalEffectsApplyOncePerUniqueEventAcrossDuplicatesAndBatches() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event a = ExampleEvents.fresh("order.created");
        Event b = ExampleEvents.fresh("order.shipped");
        Event c = ExampleEvents.fresh("user.signed_up");
        String total = TestAws.uniqueName("total");
        SqsBatchProcessor processor = transactionalProcessor((delivery, reads) -> List.of(
                TestAws.increment(counters, total), TestAws.increment(counters, "event#" + delivery.event().id())));
        Map<String, Event> byMessage = sent(queue, List.of(a, b, a));
        SQSEvent first = queue.receive(3);

        SQSBatchResponse firstResponse = processor.process(first, context);

        assertThat(firstResponse.getBatchItemFailures()).isEmpty();
        assertThat(results).extracting(RecordResult::eventId, RecordResult::outcome).containsExactlyElementsOf(
                expectedOnce(first, byMessage));
        assertThat(counter(total)).isEqualTo(2);
        // Both events add to the same total, so they cannot share a transaction; the repeat of a costs nothing.
        assertThat(requests.of(TransactWriteItemsRequest.class)).as("one transaction per distinct event").hasSize(2);

        // The first batch comes back (Lambda never deleted it), next to a new event.
        queue.makeVisible(first);
        byMessage.putAll(sent(queue, List.of(c)));
        results.clear();
        SQSEvent second = queue.receive(4);

        SQSBatchResponse secondResponse = processor.process(second, context);

        assertThat(secondResponse.getBatchItemFailures()).isEmpty();
        assertThat(results).extracting(RecordResult::eventId, RecordResult::outcome).containsExactlyElementsOf(
                second.getRecords().stream().map(m -> {
                    Event event = byMessage.get(m.getMessageId());
                    return tuple(event.id(), event.equals(c) ? RecordOutcome.PROCESSED : RecordOutcome.DUPLICATE);
                }).toList());
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
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.created");
        String total = TestAws.uniqueName("total");
        String gate = TestAws.uniqueName("gate");
        // The second effect requires a gate item that does not exist yet.
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE)
                .transactionalHandler((delivery, reads) -> List.of(TestAws.increment(counters, total), requireExisting(gate)))
                .build();
        String messageId = queue.send(event).getFirst();

        SQSBatchResponse response = processor.process(queue.receive(1), context);

        assertThat(failedIds(response)).containsExactly(messageId);
        assertThat(resultOf(messageId).outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(resultOf(messageId).error()).contains("TransactionCanceledException");
        assertThat(TestAws.item(dynamoDb, counters, "pk", total)).as("rolled back").isEmpty();
        Map<String, AttributeValue> failed = idempotencyRecord(event);
        assertThat(failed.get("status").s()).isEqualTo("FAILED");
        assertThat(failed.get("last_error").s()).contains("TransactionCanceledException");
        assertThat(queue.deadLetterDepth()).isZero();

        dynamoDb.putItem(request -> request.tableName(counters).item(Map.of("pk", AttributeValue.fromS(gate))));
        SQSEvent retry = queue.receiveNow();
        assertThat(messageIds(retry)).as("back at once: the backoff is 0 s").containsExactly(messageId);
        SQSBatchResponse retried = processor.process(retry, context);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(counter(total)).isEqualTo(1);
        assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void aTransactionalHandlerThrowingNonRetryableIsDeadLetteredAndTheRestOfTheBatchApplies() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event bad = ExampleEvents.fresh("order.created");
        Event good = ExampleEvents.fresh("order.shipped");
        String total = TestAws.uniqueName("total");
        SqsBatchProcessor processor = transactionalProcessor((delivery, reads) -> {
            Event event = delivery.event();
            if (event.id().equals(bad.id())) {
                throw new NonRetryableException("no counter for order " + event.subject());
            }
            return List.of(TestAws.increment(counters, total));
        });
        Map<String, Event> byMessage = sent(queue, List.of(bad, good));
        String badMessage = byMessage.entrySet().stream().filter(e -> e.getValue().equals(bad)).findFirst().orElseThrow().getKey();
        SQSEvent batch = queue.receive(2);
        Instant before = Instant.now();

        SQSBatchResponse response = processor.process(batch, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(resultOf(badMessage).outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(counter(total)).isEqualTo(1);
        Map<String, AttributeValue> record = idempotencyRecord(bad);
        assertThat(record.get("status").s()).isEqualTo("FAILED");
        assertThat(record.get("last_error").s()).isEqualTo("NonRetryableException: no counter for order " + bad.subject());
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        String error = assertDeadLetter(letters.getFirst(), CODEC.encode(bad), TestQueue.attributesOf(bad),
                DeadLetterReason.NON_RETRYABLE, 1, before, after);
        assertThat(error).isEqualTo("no counter for order " + bad.subject());
        queue.acknowledge(batch, response);
        assertThat(queue.depth()).isZero();
    }

    @Test
    void exactlyOneKindOfHandlerAndAnSqsClientAreRequired() {
        SqsBatchProcessor.Builder neither = builder();
        SqsBatchProcessor.Builder both = builder().handler(delivery -> {}).transactionalHandler((delivery, reads) -> List.of());
        SqsBatchProcessor.Builder noSqs = SqsBatchProcessor.builder().consumer(consumer).validator(VALIDATOR)
                .idempotencyStore(store).handler(delivery -> {});

        assertThatThrownBy(neither::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(both::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(noSqs::build).isInstanceOf(NullPointerException.class).hasMessageContaining("sqsClient");
    }

    // --- helpers ---

    private static List<Event> threeEvents() {
        return List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.shipped"),
                ExampleEvents.fresh("user.signed_up"));
    }

    /** Sends the events; returns each message id with its event. */
    private static Map<String, Event> sent(TestQueue queue, List<Event> events) {
        List<String> ids = queue.send(events.toArray(Event[]::new));
        Map<String, Event> byMessage = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byMessage.put(ids.get(i), events.get(i));
        }
        return byMessage;
    }

    /** In batch order: the first record of each event PROCESSED, later ones DUPLICATE. */
    private static List<org.assertj.core.groups.Tuple> expectedOnce(SQSEvent batch, Map<String, Event> byMessage) {
        List<String> seen = new ArrayList<>();
        List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
        for (SQSEvent.SQSMessage message : batch.getRecords()) {
            String id = byMessage.get(message.getMessageId()).id();
            expected.add(tuple(id, seen.contains(id) ? RecordOutcome.DUPLICATE : RecordOutcome.PROCESSED));
            seen.add(id);
        }
        return expected;
    }

    private static TransactWriteItem requireExisting(String item) {
        return TransactWriteItem.builder().conditionCheck(check -> check
                        .tableName(counters)
                        .key(Map.of("pk", AttributeValue.fromS(item)))
                        .conditionExpression("attribute_exists(pk)"))
                .build();
    }
}
