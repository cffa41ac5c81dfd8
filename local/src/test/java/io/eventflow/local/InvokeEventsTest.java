package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.archive.ArchiveItem;
import io.eventflow.consume.ConsumerSettings;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each {@code events/invoke} file — what {@code sam local invoke -e} feeds a function — deserialized as the Lambda Java
 * runtime does and run through its function's handler against the emulator.
 */
@ExtendWith(AwsEmulatorExtension.class)
class InvokeEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            assertThat(codec.decode(record.getBody())).isEqualTo(TestStacks.exampleAsWritten(record.getMessageAttributes().get("type").getStringValue()));
        }

        // The files carry the examples' own times, which the default two years' window refuses from Feb 2028 on; this
        // test is about the files reaching their handler, so its window reaches back to them.
        try (LocalRunner runner = TestStacks.runner(emulator).functionEnvironment(ConsumerSettings.EVENT_MAX_AGE_DAYS,
                Long.toString(ChronoUnit.DAYS.between(oldest(event), Instant.now()) + 1)).build()) {
            FunctionDefinition function = runner.stack().function(consumer).orElseThrow();
            SQSBatchResponse response = runner.handler(consumer).handleRequest(event, function.newInvocationContext());

            assertThat(response.getBatchItemFailures()).isEmpty();
            ConsumerCounters counters = runner.counters().get(consumer);
            assertThat(counters.processed()).isEqualTo(event.getRecords().size());

            assertEffects(consumer, event, runner, emulator);

            // Lambda may deliver the same file again (sam local invoke twice): nothing happens twice.
            SQSBatchResponse again = runner.handler(consumer).handleRequest(event, function.newInvocationContext());
            assertThat(again.getBatchItemFailures()).isEmpty();
            assertThat(counters.duplicates()).isEqualTo(event.getRecords().size());
        }
    }

    /** The same file through {@code eventflow invoke <FunctionLogicalId> -e <file>}, as {@code sam local invoke} takes it. */
    @ParameterizedTest
    @MethodSource("invokeFiles")
    void runsThroughEventflowInvoke(Path file, AwsEmulator emulator, @TempDir Path dir) throws IOException {
        String consumer = file.getFileName().toString().split("-")[0];
        SQSEvent event;
        try (InputStream json = Files.newInputStream(file)) {
            event = new SqsEventTranslator().fromLambdaJson(json);
        }
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);
            String logicalId = runner.stack().function(consumer).orElseThrow().logicalId();
            String relative = TestStacks.projectRoot().relativize(file).toString();

            int emailsBefore = emulator.sentEmails().size();

            CliRun first = CliRun.run(sessionFile, "invoke", logicalId, "-e", relative);

            assertThat(first.status()).as(first.err()).isZero();
            assertThat(JSON.readTree(first.out()).path("batchItemFailures").isArray()).isTrue();
            assertThat(JSON.readTree(first.out()).path("batchItemFailures").size()).isZero();
            assertThat(first.err()).startsWith("START RequestId: ").contains("END RequestId: ").contains("REPORT RequestId: ");
            assertThat(first.err().lines().filter(line -> line.startsWith("PROCESSED "))).hasSize(event.getRecords().size());
            assertEffects(consumer, event, runner, emulator);
            if (consumer.equals("notifier")) {
                assertThat(emulator.sentEmails()).as("this invocation's email").hasSizeGreaterThan(emailsBefore);
            }

            CliRun again = CliRun.run(sessionFile, "invoke", logicalId, "-e", relative);
            assertThat(again.status()).as(again.err()).isZero();
            assertThat(again.err().lines().filter(line -> line.startsWith("DUPLICATE "))).hasSize(event.getRecords().size());
        }
    }

    @Test
    void anUnknownFunctionIsNamedWithTheOnesThereAre(AwsEmulator emulator, @TempDir Path dir) {
        Path sessionFile = dir.resolve("session.json");
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            new SessionFile(emulator.endpoint(), emulator.region(), runner.stack().stackName(), ProcessHandle.current().pid(), emulator.administrator().resolveCredentials())
                    .write(sessionFile);

            CliRun run = CliRun.run(sessionFile, "invoke", "NopeFunction", "-e", "events/invoke/analytics-batch.json");

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err()).startsWith("eventflow: no function NopeFunction in the template").contains("NotifierFunction");
        }
    }

    private static Instant oldest(SQSEvent event) {
        EventCodec codec = new EventCodec();
        return event.getRecords().stream().map(record -> codec.decode(record.getBody()).time()).min(Comparator.naturalOrder()).orElseThrow();
    }

    /** What the function's handling of the file left in the stack: the same whichever way it was invoked. */
    private static void assertEffects(String consumer, SQSEvent event, LocalRunner runner, AwsEmulator emulator) {
        EventCodec codec = new EventCodec();
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
    }
}
