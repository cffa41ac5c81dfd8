package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** Transactional consumers commit a whole batch's claims and effects in as few TransactWriteItems as fit. */
class SqsBatchProcessorBatchTransactionTest extends ProcessorTestSupport {

    /** Counts per event type in the counters table, combining a batch's increments per counter. */
    private final class TypeCounter implements TransactionalEventHandler {
        private final String prefix = TestAws.uniqueName("type");

        String counterOf(String type) {
            return prefix + "-" + type;
        }

        @Override
        public List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) {
            return effects(List.of(delivery), reads);
        }

        @Override
        public List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) {
            Map<String, Integer> byCounter = new TreeMap<>();
            deliveries.forEach(delivery -> byCounter.merge(counterOf(delivery.event().type()), 1, Integer::sum));
            List<TransactWriteItem> writes = new ArrayList<>();
            byCounter.forEach((counter, by) -> writes.add(TransactWriteItem.builder().update(update -> update
                    .tableName(counters)
                    .key(Map.of("pk", AttributeValue.fromS(counter)))
                    .updateExpression("ADD #n :by")
                    .expressionAttributeNames(Map.of("#n", "n"))
                    .expressionAttributeValues(Map.of(":by", AttributeValue.fromN(Integer.toString(by))))).build()));
            return writes;
        }
    }

    @Test
    void aBatchOfTenCommitsInOneRequest() {
        TypeCounter handler = new TypeCounter();
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(ExampleEvents.fresh(i % 3 == 0 ? "deposit.made" : "order.created"));
        }
        queue.send(events.toArray(Event[]::new));

        SQSBatchResponse response = transactionalProcessor(handler).process(queue.receive(10), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(outcomes()).containsOnly(RecordOutcome.PROCESSED).hasSize(10);
        assertThat(requests.operations()).containsExactly("TransactWriteItems");
        assertThat(requests.of(TransactWriteItemsRequest.class).getFirst().transactItems()).hasSize(10 + 2);
        assertThat(counter(handler.counterOf("order.created"))).isEqualTo(6);
        assertThat(counter(handler.counterOf("deposit.made"))).isEqualTo(4);
        events.forEach(event -> assertThat(idempotencyRecord(event).get("status").s()).isEqualTo("COMPLETED"));
    }

    @Test
    void duplicatesAreSplitOffByTheCancellationReasonsAndTheRestCommitsOnce() {
        TypeCounter handler = new TypeCounter();
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsBatchProcessor processor = transactionalProcessor(handler);
        Event done1 = ExampleEvents.fresh("order.created");
        Event done2 = ExampleEvents.fresh("order.created");
        queue.send(done1, done2);
        processor.process(queue.receive(2), context);
        results.clear();
        requests.clear();

        List<Event> fresh = List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.created"),
                ExampleEvents.fresh("order.created"));
        queue.send(done1, fresh.get(0), done2, fresh.get(1), fresh.get(2), fresh.get(0)); // fresh 0 twice in the batch
        SQSEvent batch = queue.receive(6);
        SQSBatchResponse response = processor.process(batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(counter(handler.counterOf("order.created"))).as("2 earlier + 3 new, each once").isEqualTo(5);
        assertThat(outcomes()).filteredOn(outcome -> outcome == RecordOutcome.PROCESSED).hasSize(3);
        assertThat(outcomes()).filteredOn(outcome -> outcome == RecordOutcome.DUPLICATE).hasSize(3);
        // The batch transaction, cancelled by the two duplicates' claims, then the three new records together (it was
        // one transaction per remaining record before: four requests in all, now two).
        assertThat(requests.operations()).containsExactly("TransactWriteItems", "TransactWriteItems");
        assertThat(requests.of(TransactWriteItemsRequest.class).getFirst().transactItems()).as("5 claims + 1 counter").hasSize(6);
        assertThat(requests.of(TransactWriteItemsRequest.class).getLast().transactItems()).as("3 claims + 1 counter").hasSize(4);
    }

    @Test
    void aBatchWithOneRecordProcessedBeforeAndOneClaimedElsewhereCommitsTheRestInOneMoreTransaction() {
        TypeCounter handler = new TypeCounter();
        TestQueue queue = TestQueue.create(sqs, 5);
        SqsBatchProcessor processor = transactionalProcessor(handler);
        Event done = ExampleEvents.fresh("order.created");
        queue.send(done);
        processor.process(queue.receive(1), context);
        Event held = ExampleEvents.fresh("order.created");
        assertThat(otherWorker.claim(key(held), PayloadHash.of(held), Duration.ofMinutes(10))).isEqualTo(ClaimOutcome.CLAIMED);
        results.clear();
        requests.clear();

        List<Event> fresh = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fresh.add(ExampleEvents.fresh("order.created"));
        }
        List<Event> batch = new ArrayList<>(fresh);
        batch.add(3, done);
        batch.add(6, held);
        queue.send(batch.toArray(Event[]::new));
        SQSBatchResponse response = processor.process(queue.receive(10), context);

        assertThat(response.getBatchItemFailures()).as("only the record held elsewhere comes back").hasSize(1);
        assertThat(outcomes()).filteredOn(outcome -> outcome == RecordOutcome.PROCESSED).hasSize(8);
        assertThat(outcomes()).filteredOn(outcome -> outcome == RecordOutcome.DUPLICATE).hasSize(1);
        assertThat(outcomes()).filteredOn(outcome -> outcome == RecordOutcome.RETRIED).hasSize(1);
        assertThat(counter(handler.counterOf("order.created"))).as("1 earlier + 8 new, each once").isEqualTo(9);
        // The batch's transaction, cancelled by two claims, then the eight new records together: two, not nine.
        assertThat(requests.operations()).filteredOn("TransactWriteItems"::equals).hasSize(2);
        assertThat(requests.of(TransactWriteItemsRequest.class).getLast().transactItems()).as("8 claims + 1 counter").hasSize(9);
    }

    @Test
    void perRecordCommitsWhenBatchTransactionsAreOff() {
        TypeCounter handler = new TypeCounter();
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.created"),
                ExampleEvents.fresh("deposit.made"));
        queue.send(events.toArray(Event[]::new));

        builder().transactionalHandler(handler).batchTransactions(false).build().process(queue.receive(3), context);

        assertThat(requests.operations()).containsExactly("TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
        assertThat(counter(handler.counterOf("order.created"))).isEqualTo(2);
        assertThat(counter(handler.counterOf("deposit.made"))).isEqualTo(1);
    }

    /**
     * Like the ledger: an entry per event, and one running total whose update is conditional on the version read, so
     * a batch's effects are only right if computed from what DynamoDB holds when they commit.
     */
    private final class VersionedTotal implements TransactionalEventHandler {
        private final String total = TestAws.uniqueName("total");

        @Override
        public List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) {
            return effects(List.of(delivery), reads);
        }

        @Override
        public List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(total));
            long version = reads.item(counters, key).map(item -> Long.parseLong(item.get("n").n())).orElse(0L);
            List<TransactWriteItem> writes = new ArrayList<>();
            deliveries.forEach(delivery -> writes.add(TransactWriteItem.builder().put(put -> put.tableName(counters)
                    .item(Map.of("pk", AttributeValue.fromS(total + "#" + delivery.event().id())))).build()));
            writes.add(TransactWriteItem.builder().update(update -> update.tableName(counters).key(key)
                    .updateExpression("SET n = :next")
                    .conditionExpression(version == 0 ? "attribute_not_exists(pk)" : "n = :read")
                    .expressionAttributeValues(version == 0
                            ? Map.of(":next", AttributeValue.fromN(Long.toString(deliveries.size())))
                            : Map.of(":next", AttributeValue.fromN(Long.toString(version + deliveries.size())),
                                     ":read", AttributeValue.fromN(Long.toString(version))))).build());
            return writes;
        }
    }

    @Test
    void aBatchLargerThanOneTransactionComputesEachTransactionFromWhatTheOneBeforeItWrote() {
        VersionedTotal handler = new VersionedTotal();
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(ExampleEvents.fresh("order.created"));
        }
        queue.send(events.toArray(Event[]::new));

        SQSBatchResponse response = readingTransactionalProcessor(handler).process(queue.receive(60), context);

        // 60 claims, 60 entries and the total are 121 items: two transactions, the second computed from a fresh read
        // of the total the first one moved (from a stale one, its version check fails and every record goes alone).
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(outcomes()).containsOnly(RecordOutcome.PROCESSED).hasSize(60);
        assertThat(counter(handler.total)).isEqualTo(60);
        assertThat(requests.operations()).filteredOn("TransactWriteItems"::equals).hasSizeLessThanOrEqualTo(2);
        assertThat(requests.operations()).filteredOn("GetItem"::equals).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void withoutCombiningWritesRecordsTouchingTheSameItemGoInSeparateTransactions() {
        String shared = TestAws.uniqueName("shared");
        TransactionalEventHandler plain = (delivery, reads) -> List.of(TestAws.increment(counters, shared));
        TestQueue queue = TestQueue.create(sqs, 5);
        queue.send(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.created"));

        SQSBatchResponse response = transactionalProcessor(plain).process(queue.receive(3), context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(counter(shared)).isEqualTo(3);
        assertThat(requests.operations()).containsExactly("TransactWriteItems", "TransactWriteItems", "TransactWriteItems");
    }
}
