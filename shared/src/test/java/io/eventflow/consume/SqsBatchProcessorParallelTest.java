package io.eventflow.consume;

import static io.eventflow.testing.TestQueue.attributesOf;
import static io.eventflow.testing.TestQueue.messageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestQueue;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.Message;

/** Records of a batch side by side ({@code recordsInParallel}): FIFO groups in order, every outcome as sequentially. */
class SqsBatchProcessorParallelTest extends ProcessorTestSupport {

    private static final EventCodec CODEC = new EventCodec();

    @Test
    void fifoGroupsKeepTheirOrderAndStopAtTheirFirstFailureWhileOtherGroupsProceedConcurrently() {
        TestQueue queue = TestQueue.create(sqs, 5, true);
        Map<String, List<String>> sent = new ConcurrentHashMap<>();
        List<String> order = new ArrayList<>();
        Event failing = null;
        for (int i = 0; i < 3; i++) {
            for (String group : List.of("A", "B", "C")) {
                Event event = ExampleEvents.fresh("order.created");
                order.add(queue.sendToGroup(group, event));
                sent.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(event.id());
                if (group.equals("B") && i == 1) {
                    failing = event;
                }
            }
        }
        SQSEvent batch = queue.receive(9);
        assertThat(messageIds(batch)).containsExactlyElementsOf(order);
        Event failingB = failing;
        Map<String, List<String>> handledByGroup = new ConcurrentHashMap<>();
        List<String> wrongLogContext = new CopyOnWriteArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE).recordsInParallel(10).handler(delivery -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Event event = delivery.event();
                if (!event.id().equals(MDC.get("event_id"))) {
                    wrongLogContext.add(event.id() + " logged as " + MDC.get("event_id"));
                }
                Thread.sleep(50);
                String group = sent.entrySet().stream().filter(e -> e.getValue().contains(event.id())).findFirst().orElseThrow().getKey();
                handledByGroup.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(event.id());
                if (event.equals(failingB)) {
                    throw new IllegalStateException("ledger busy");
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }).build();

        SQSBatchResponse response = processor.process(batch, context);

        assertThat(handledByGroup.get("A")).containsExactlyElementsOf(sent.get("A"));
        assertThat(handledByGroup.get("C")).containsExactlyElementsOf(sent.get("C"));
        assertThat(handledByGroup.get("B")).as("B stops at its failing second message")
                .containsExactlyElementsOf(sent.get("B").subList(0, 2));
        assertThat(failedIds(response)).containsExactly(order.get(4), order.get(7));
        assertThat(resultOf(order.get(7)).outcome()).isEqualTo(RecordOutcome.NOT_STARTED);
        assertThat(resultOf(order.get(7)).error()).contains("FIFO group B");
        assertThat(mostInFlight.get()).as("groups ran side by side").isGreaterThan(1);
        assertThat(wrongLogContext).isEmpty();
        assertThat(results).extracting(RecordResult::messageId).as("listener told in batch order").containsExactlyElementsOf(order);
    }

    @Test
    void everyRecordEndsAsItDoesSequentiallyOverBadInputAndRetries() {
        String name = consumer;
        Outcome sequential = runMixedBatch(name, 1);
        Outcome parallel = runMixedBatch(name, 10);

        assertThat(sequential.outcomes()).containsExactly(
                RecordOutcome.PROCESSED, RecordOutcome.DEAD_LETTERED, RecordOutcome.DEAD_LETTERED, RecordOutcome.RETRIED,
                RecordOutcome.DEAD_LETTERED, RecordOutcome.DUPLICATE, RecordOutcome.RETRIED, RecordOutcome.PROCESSED,
                RecordOutcome.DEAD_LETTERED, RecordOutcome.DUPLICATE);
        assertThat(parallel).isEqualTo(sequential);
    }

    /** What became of each record of the mixed batch, by position: outcome, error, reported failed, dead-letter reason. */
    private record Outcome(List<RecordOutcome> outcomes, List<String> errors, List<Integer> failed, List<String> deadLetterReasons,
                           Set<Integer> handled, int left) {}

    // The same events in both runs, each under its own consumer name (so its own claims).
    private final Event good = ExampleEvents.fresh("order.created");
    private final Event retried = ExampleEvents.fresh("order.created");
    private final Event doomed = ExampleEvents.fresh("order.created");
    private final Event duplicate = ExampleEvents.fresh("order.created");
    private final Event held = ExampleEvents.fresh("order.created");
    private final Event welcome = ExampleEvents.fresh("user.signed_up");
    private final Event invalid = withData(ExampleEvents.fresh("order.shipped"), data -> data.remove("tracking_number"));
    private final Event mismatched = ExampleEvents.fresh("order.created");

    private Outcome runMixedBatch(String name, int parallelism) {
        consumer = name + "-p" + parallelism;
        results.clear();
        TestQueue queue = TestQueue.create(sqs, 5);
        assertThat(otherWorker.claim(key(duplicate), PayloadHash.of(duplicate), Duration.ofMinutes(10))).isEqualTo(ClaimOutcome.CLAIMED);
        otherWorker.complete(key(duplicate));
        assertThat(otherWorker.claim(key(held), PayloadHash.of(held), Duration.ofMinutes(10))).isEqualTo(ClaimOutcome.CLAIMED);
        List<String> ids = new ArrayList<>();
        ids.add(queue.send(good).getFirst());
        ids.add(queue.sendRaw("not json at all", attributesOf(good)));
        ids.add(queue.send(invalid).getFirst());
        ids.add(queue.send(retried).getFirst());
        ids.add(queue.send(doomed).getFirst());
        ids.add(queue.send(duplicate).getFirst());
        ids.add(queue.send(held).getFirst());
        ids.add(queue.send(welcome).getFirst());
        ids.add(queue.sendRaw(CODEC.encode(mismatched), attributesOf(welcome)));
        ids.add(queue.send(good).getFirst());
        Map<String, Integer> position = new ConcurrentHashMap<>();
        List<Event> events = List.of(good, good, invalid, retried, doomed, duplicate, held, welcome, mismatched, good);
        for (int i = 0; i < events.size(); i++) {
            position.putIfAbsent(events.get(i).id(), i);
        }
        Set<Integer> handledAt = ConcurrentHashMap.newKeySet();
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE).recordsInParallel(parallelism).handler(delivery -> {
            Event event = delivery.event();
            handledAt.add(position.get(event.id()));
            if (event.equals(retried)) {
                throw new IllegalStateException("mail server busy");
            }
            if (event.equals(doomed)) {
                throw new NonRetryableException("no address for " + event.subject());
            }
        }).build();
        SQSEvent batch = queue.receive(10);
        assertThat(messageIds(batch)).containsExactlyElementsOf(ids);

        SQSBatchResponse response = processor.process(batch, context);

        Function<String, Integer> at = ids::indexOf;
        List<RecordResult> byPosition = ids.stream().map(this::resultOf).toList();
        queue.acknowledge(batch, response);
        List<String> reasons = queue.deadLetters().stream()
                .map(letter -> at.apply(originalId(letter, batch, ids)) + ":" + letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue())
                .sorted().toList();
        return new Outcome(byPosition.stream().map(RecordResult::outcome).toList(),
                byPosition.stream().map(result -> result.error() == null ? null : result.error()).toList(),
                failedIds(response).stream().map(at).sorted().toList(), reasons, Set.copyOf(handledAt), queue.depth());
    }

    /** The position of a dead letter's original, found by its body and attributes among the batch's messages. */
    private static String originalId(Message letter, SQSEvent batch, List<String> ids) {
        return batch.getRecords().stream()
                .filter(message -> message.getBody().equals(letter.body())
                        && typeOf(message).equals(letter.messageAttributes().get("type").stringValue()))
                .map(SQSEvent.SQSMessage::getMessageId).findFirst().orElseThrow();
    }

    private static String typeOf(SQSEvent.SQSMessage message) {
        return message.getMessageAttributes().get("type").getStringValue();
    }

    @Test
    void eachParallelRecordHasItsOwnSpanUnderTheBatchSpanAndItsAwsCallsUnderIt() {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = List.of(ExampleEvents.fresh("order.created"), ExampleEvents.fresh("order.created"),
                ExampleEvents.fresh("user.signed_up"), ExampleEvents.fresh("order.created"));
        events.forEach(queue::send);
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        Map<String, String> spanOfEvent = new ConcurrentHashMap<>();
        try (Telemetry telemetry = Telemetry.builder().spanExporter(exporter).build()) {
            SqsBatchProcessor processor = builder().recordsInParallel(4).openTelemetry(telemetry.openTelemetry()).handler(delivery -> {
                spanOfEvent.put(delivery.event().id(), Span.current().getSpanContext().getSpanId());
                Thread.sleep(20);
            }).build();
            Span parent = telemetry.openTelemetry().getTracer("test").spanBuilder("batch").startSpan();
            try (Scope _ = parent.makeCurrent()) {
                processor.process(queue.receive(4), context);
            }
            parent.end();
            telemetry.flush();

            List<SpanData> messages = exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getAttributes().get(AttributeKey.stringKey("eventflow.outcome")) != null).toList();
            assertThat(messages).hasSize(4).allSatisfy(span -> {
                assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
                String event = span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"));
                assertThat(spanOfEvent.get(event)).as("the handler of %s runs in its span", event).isEqualTo(span.getSpanId());
            });
        }
    }

    @Test
    void onlyAClaimingHandlerRunsRecordsInParallel() {
        assertThatThrownBy(() -> builder().recordsInParallel(4).transactionalHandler((delivery, reads) -> List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallel");
        assertThatThrownBy(() -> builder().recordsInParallel(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
