package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SqsEventTranslator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local event source honours the template's BatchSize above ten and its MaximumBatchingWindowInSeconds. */
@ExtendWith(AwsEmulatorExtension.class)
class SqsEventSourceBatchingTest {

    @Test
    void gathersABatchLargerThanOneReceiveWithinItsWindowAndNoMoreThanItsSize(AwsEmulator emulator) throws Exception {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            SqsClient sqs = runner.clients().sqs();
            String url = sqs.createQueue(request -> request.queueName("batching-" + UUID.randomUUID())).queueUrl();
            String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            for (int sent = 0; sent < 30; sent += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = sent; i < sent + 10; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody("m" + i).build());
                }
                sqs.sendMessageBatch(request -> request.queueUrl(url).entries(entries));
            }
            FunctionDefinition.QueueSource source = new FunctionDefinition.QueueSource(arn, url, 25, Duration.ofSeconds(3), true, 1);
            FunctionDefinition function = new FunctionDefinition("BatchingFunction", "batching", "none::handleRequest",
                    Duration.ofSeconds(30), Map.of(), List.of(source));
            List<Integer> batches = new CopyOnWriteArrayList<>();
            try (SqsEventSource events = new SqsEventSource(sqs, function, source, (event, context) -> {
                batches.add(event.getRecords().size());
                return SQSBatchResponse.builder().withBatchItemFailures(List.of()).build();
            }, new SqsEventTranslator())) {
                events.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (batches.stream().mapToInt(Integer::intValue).sum() < 30 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            assertThat(batches).as("one full batch of 25, then the 5 left once the window passed").containsExactly(25, 5);
            assertThat(sqs.getQueueAttributes(request -> request.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).as("every message deleted").isEqualTo("0");
        }
    }

    @Test
    void readsBatchSizeAndWindowFromTheTemplate(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).parameter("NotifierBatchSize", "7")
                .parameter("NotifierBatchingWindowSeconds", "2").build()) {
            FunctionDefinition.QueueSource analytics = runner.stack().function("analytics").orElseThrow().queueSources().getFirst();
            assertThat(analytics.batchSize()).isEqualTo(100);
            assertThat(analytics.batchingWindow()).isEqualTo(Duration.ofSeconds(1));
            FunctionDefinition.QueueSource notifier = runner.stack().function("notifier").orElseThrow().queueSources().getFirst();
            assertThat(notifier.batchSize()).isEqualTo(7);
            assertThat(notifier.batchingWindow()).isEqualTo(Duration.ofSeconds(2));
        }
    }
}
