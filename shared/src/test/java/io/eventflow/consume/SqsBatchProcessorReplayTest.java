package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.IdempotencyKey;
import io.eventflow.replay.ReplayMarker;
import io.eventflow.replay.ReplayMode;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestQueue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Messages a replay sent: their marker reaches the handler, and the mode decides the idempotency key. */
class SqsBatchProcessorReplayTest extends ProcessorTestSupport {

    private final List<ReplayMarker> markers = new CopyOnWriteArrayList<>();

    /** Records plain deliveries in {@code handled}, replayed ones also in {@code markers}. */
    private SqsBatchProcessor replayAwareProcessor() {
        return processor(new EventHandler() {
            @Override
            public void handle(Delivery delivery) {
                handled.add(delivery.event());
                delivery.replay().ifPresent(markers::add);
            }
        });
    }

    private static void sendReplayed(TestQueue queue, Event event, String replayId, String mode) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>(TestQueue.attributesOf(event));
        attributes.put(ReplayMarker.REPLAY_ID_ATTRIBUTE, TestQueue.string(replayId));
        attributes.put(ReplayMarker.REPLAY_MODE_ATTRIBUTE, TestQueue.string(mode));
        attributes.put(ReplayMarker.REPLAYED_AT_ATTRIBUTE, TestQueue.string("2026-11-27T01:00:00Z"));
        queue.sendRaw(new EventCodec().encode(event), attributes);
    }

    @Test
    void aRecoverReplayOfAnEventAlreadyProcessedIsADuplicate() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.shipped");
        SqsBatchProcessor processor = replayAwareProcessor();
        queue.send(event);
        processor.process(queue.receive(1), context);

        sendReplayed(queue, event, "rpl-recover", "recover");
        SQSEvent replayed = queue.receive(1);
        processor.process(replayed, context);

        assertThat(handled).containsExactly(event);
        assertThat(markers).isEmpty();
        assertThat(resultOf(replayed.getRecords().getFirst().getMessageId()).outcome()).isEqualTo(RecordOutcome.DUPLICATE);
    }

    @Test
    void aReprocessReplayRunsTheEventAgainOncePerReplayAndTheHandlerSeesTheMarker() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("order.shipped");
        SqsBatchProcessor processor = replayAwareProcessor();
        queue.send(event);
        processor.process(queue.receive(1), context);

        // The same replay delivers it twice (a crash before its checkpoint, say): it runs once for that replay.
        sendReplayed(queue, event, "rpl-fix", "reprocess");
        sendReplayed(queue, event, "rpl-fix", "reprocess");
        processor.process(queue.receive(2), context);

        assertThat(handled).containsExactly(event, event);
        assertThat(markers).singleElement().satisfies(marker -> {
            assertThat(marker.replayId()).isEqualTo("rpl-fix");
            assertThat(marker.mode()).isEqualTo(ReplayMode.REPROCESS);
            assertThat(marker.replayedAt()).isEqualTo(Instant.parse("2026-11-27T01:00:00Z"));
        });
        assertThat(TestAws.item(dynamoDb, idempotencyTable, "id", IdempotencyKey.ofReprocess(consumer, event.id(), "rpl-fix"))
                .get("status").s()).isEqualTo("COMPLETED");
        assertThat(outcomes()).containsExactly(RecordOutcome.PROCESSED, RecordOutcome.PROCESSED, RecordOutcome.DUPLICATE);
    }

    @Test
    void aReplayMarkerWithoutAKnownModeCountsAsRecover() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = ExampleEvents.fresh("user.signed_up");
        SqsBatchProcessor processor = replayAwareProcessor();
        queue.send(event);
        processor.process(queue.receive(1), context);

        sendReplayed(queue, event, "rpl-odd", "again-please");
        processor.process(queue.receive(1), context);

        assertThat(handled).containsExactly(event);
        assertThat(outcomes()).containsExactly(RecordOutcome.PROCESSED, RecordOutcome.DUPLICATE);
    }
}
