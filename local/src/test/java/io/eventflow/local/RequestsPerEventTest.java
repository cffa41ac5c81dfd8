package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.ProcessingListener;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * DynamoDB requests each consumer makes per event on the happy path, counted on the wire with an SDK interceptor.
 * The design's budget: the notifier claims and completes (2); analytics commits claim and counter in one transaction
 * (1), or a whole batch's claims and counters in one (0.1 for a batch of ten); a duplicate costs one conditional
 * write that fails, never an extra read.
 */
@ExtendWith(AwsEmulatorExtension.class)
class RequestsPerEventTest {

    private static final int EVENTS = 10;

    @ParameterizedTest(name = "{0}, batch transactions {2}")
    @CsvSource({
        "notifier, order.shipped, true, 2.0, 1.0",
        "analytics, order.created, true, 0.1, 0.1",
        "analytics, order.created, false, 1.0, 1.0"})
    void staysWithinTheRequestBudget(String consumer, String type, boolean batchTransactions, double expectedNew,
                                     double expectedDuplicate, AwsEmulator emulator) {
        RequestCounter counter = new RequestCounter();
        try (LocalRunner runner = TestStacks.runner(emulator).build();
             AwsClients counted = AwsClients.builder()
                     .endpoint(emulator.endpoint())
                     .region(Region.of(emulator.region()))
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .addInterceptor(counter)
                     .build()) {
            FunctionDefinition deployed = runner.stack().function(consumer).orElseThrow();
            Map<String, String> environment = new HashMap<>(deployed.environment());
            environment.put(EventflowConfig.BATCH_TRANSACTIONS, Boolean.toString(batchTransactions));
            FunctionDefinition function = new FunctionDefinition(deployed.logicalId(), deployed.functionName(),
                    deployed.handler(), deployed.timeout(), environment, deployed.queueSources());
            RequestHandler<SQSEvent, SQSBatchResponse> handler = FunctionLoader.load(function, counted, ProcessingListener.NONE);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(TestStacks.example(type).toBuilder().id(null).build());
            }
            runner.publisher().publishAll(events);
            SQSEvent batch = receive(runner, function.queueSources().getFirst(), EVENTS);

            counter.reset();
            assertThat(handler.handleRequest(batch, function.newInvocationContext()).getBatchItemFailures()).isEmpty();
            double unique = (double) counter.total("DynamoDb") / EVENTS;

            counter.reset();
            assertThat(handler.handleRequest(batch, function.newInvocationContext()).getBatchItemFailures()).isEmpty();
            double duplicate = (double) counter.total("DynamoDb") / EVENTS;

            System.out.printf("%s (batch transactions %s): DynamoDB requests per event: %.2f new, %.2f duplicate (%s)%n",
                    consumer, batchTransactions, unique, duplicate, counter.snapshot());
            assertThat(unique).isEqualTo(expectedNew);
            assertThat(duplicate).isEqualTo(expectedDuplicate);
        }
    }

    private static SQSEvent receive(LocalRunner runner, FunctionDefinition.QueueSource source, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < expected; attempt++) {
            messages.addAll(runner.clients().sqs().receiveMessage(request -> request.queueUrl(source.queueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageSystemAttributeNames(
                            software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(messages).hasSize(expected);
        SqsEventTranslator translator = new SqsEventTranslator();
        return translator.fromLambdaJson(translator.toLambdaJson(messages, source.queueArn()));
    }
}
