package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.EventCodec;
import io.eventflow.ledger.LedgerReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each {@code events/invoke} file — what {@code sam local invoke -e} feeds a function — deserialized as the Lambda Java
 * runtime does and run through its function's handler against the emulator.
 */
@ExtendWith(AwsEmulatorExtension.class)
class InvokeEventsTest {

    static Stream<Path> invokeFiles() throws IOException {
        return Files.list(TestStacks.projectRoot().resolve("events/invoke")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("invokeFiles")
    void runsThroughItsHandler(Path file, AwsEmulator emulator) throws IOException {
        String consumer = file.getFileName().toString().split("-")[0];
        SQSEvent event;
        try (InputStream json = Files.newInputStream(file)) {
            event = new SqsEventTranslator().fromLambdaJson(json);
        }
        assertThat(event.getRecords()).isNotEmpty();
        EventCodec codec = new EventCodec();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            // The invoke files are the example events wrapped as SQS records: they must not drift apart.
            assertThat(codec.decode(record.getBody())).isEqualTo(TestStacks.example(record.getMessageAttributes().get("type").getStringValue()));
        }

        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            FunctionDefinition function = runner.stack().function(consumer).orElseThrow();
            SQSBatchResponse response = runner.handler(consumer).handleRequest(event, function.newInvocationContext());

            assertThat(response.getBatchItemFailures()).isEmpty();
            ConsumerCounters counters = runner.counters().get(consumer);
            assertThat(counters.processed()).isEqualTo(event.getRecords().size());

            switch (consumer) {
                case "notifier" -> {
                    String sender = runner.stack().parameters().get("SenderEmail");
                    assertThat(emulator.sentEmails()).filteredOn(email -> email.from().equals(sender)).isNotEmpty();
                }
                case "analytics" -> {
                    List<Map<String, AttributeValue>> counts = runner.clients().dynamoDb()
                            .scan(request -> request.tableName(runner.stack().ref("AnalyticsTable"))).items();
                    assertThat(counts).hasSize(event.getRecords().size())
                            .allSatisfy(item -> assertThat(item.get("count").n()).isEqualTo("1"));
                }
                case "ledger" -> assertThat(new LedgerReader(runner.clients().dynamoDb(), runner.stack().ref("LedgerTable"))
                        .balance("acc_123")).contains(new LedgerReader.Balance(new BigDecimal("150.00"), "USD", 3));
                case "archiver" -> {
                    List<Map<String, AttributeValue>> archived = runner.clients().dynamoDb()
                            .scan(request -> request.tableName(runner.stack().ref("ArchiveTable"))).items();
                    assertThat(archived).extracting(item -> codec.decode(item.get(ArchiveItem.ENVELOPE).s()))
                            .containsExactlyInAnyOrderElementsOf(event.getRecords().stream().map(r -> codec.decode(r.getBody())).toList());
                }
                default -> throw new AssertionError("no check for consumer " + consumer);
            }

            // Lambda may deliver the same file again (sam local invoke twice): nothing happens twice.
            SQSBatchResponse again = runner.handler(consumer).handleRequest(event, function.newInvocationContext());
            assertThat(again.getBatchItemFailures()).isEmpty();
            assertThat(counters.duplicates()).isEqualTo(event.getRecords().size());
        }
    }
}
