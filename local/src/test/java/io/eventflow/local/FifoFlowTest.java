package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A template with a FIFO topic and FIFO queues, provisioned and run by the local runner. */
@ExtendWith(AwsEmulatorExtension.class)
class FifoFlowTest {

    @Test
    void eventsArriveGroupedBySubjectAndAreCountedOnce(AwsEmulator emulator) throws URISyntaxException {
        Path template = Path.of(FifoFlowTest.class.getResource("/fifo/template.yaml").toURI());
        try (LocalRunner runner = TestStacks.runner(emulator).template(template).build()) {
            String queueUrl = runner.stack().ref("CounterQueue");
            assertThat(runner.clients().sqs().getQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.FIFO_QUEUE)).attributes()).containsEntry(QueueAttributeName.FIFO_QUEUE, "true");

            List<Event> events = List.of(
                    deposit("acc_1"), deposit("acc_2"), deposit("acc_1"), deposit("acc_1"), deposit("acc_2"));
            runner.publisher().publishAll(events);
            runner.publisher().publish(events.get(2)); // republished: FIFO deduplication drops it

            List<Message> queued = new ArrayList<>();
            for (int attempt = 0; attempt < 10 && queued.size() < events.size(); attempt++) {
                queued.addAll(runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
            }
            EventCodec codec = new EventCodec();
            assertThat(queued).hasSize(events.size());
            assertThat(queued).allSatisfy(message -> assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .isEqualTo(codec.decode(message.body()).subject()));
            assertThat(queued.stream().map(m -> codec.decode(m.body())).filter(e -> e.subject().equals("acc_1")).map(Event::id))
                    .as("a group keeps publish order").containsExactly(events.get(0).id(), events.get(2).id(), events.get(3).id());
            queued.forEach(message -> runner.clients().sqs().changeMessageVisibility(request -> request
                    .queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0)));

            runner.start();
            assertThat(runner.awaitDrained(Duration.ofSeconds(20))).isTrue();

            assertThat(runner.counters().get("counter").processed()).isEqualTo(events.size());
            Map<String, AttributeValue> count = runner.clients().dynamoDb().getItem(request -> request
                    .tableName(runner.stack().ref("CountsTable"))
                    .key(Map.of("pk", AttributeValue.fromS(DailyTypeCounter.keyOf(events.getFirst()))))).item();
            assertThat(count.get("count").n()).isEqualTo(Integer.toString(events.size()));
        }
    }

    private static Event deposit(String account) {
        return TestStacks.example("deposit.made").toBuilder().id(null).subject(account).build();
    }
}
