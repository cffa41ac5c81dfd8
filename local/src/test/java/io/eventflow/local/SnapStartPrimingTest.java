package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.analytics.AnalyticsHandler;
import io.eventflow.archiver.ArchiverHandler;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.HandlerDecorator;
import io.eventflow.consume.ProcessingListener;
import io.eventflow.consume.ReadVersions;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SentEmail;
import io.eventflow.ledger.LedgerHandler;
import io.eventflow.local.bench.ColdStartBenchmark;
import io.eventflow.local.bench.ProbeProcess;
import io.eventflow.notifier.NotifierHandler;
import io.eventflow.snapstart.internal.CheckpointPriming;
import io.eventflow.snapstart.internal.PrimingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * SnapStart priming (issue 13): each consumer runs a batch of the example events it reads through its own handler
 * before the snapshot, on AWS answered in the process, so that nothing reaches AWS; and a function started as Lambda
 * starts it runs that priming from its runtime hook, only when the runtime has CRaC.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SnapStartPrimingTest {

    private record Consumer(String name, Function<FunctionEnvironment, ? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers,
                            ReadVersions reads, String effect) {}

    /** The priming's one log line, at INFO, which the runner's logging otherwise leaves out. */
    private static final String LOG_PRIMING = "-Dorg.slf4j.simpleLogger.log.io.eventflow.snapstart=info";

    private static final List<Consumer> CONSUMERS = List.of(
            new Consumer("notifier", NotifierHandler::new, NotifierHandler.READS, "SES.SendEmail"),
            new Consumer("analytics", AnalyticsHandler::new, AnalyticsHandler.READS, "DynamoDB.TransactWriteItems"),
            new Consumer("ledger", LedgerHandler::new, LedgerHandler.READS, "DynamoDB.TransactWriteItems"),
            new Consumer("archiver", ArchiverHandler::new, ArchiverHandler.READS, "DynamoDB.TransactWriteItems"));

    @Test
    void eachConsumerRunsTheExamplesItReadsDownItsHappyPathWithoutARequestToAws(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            for (Consumer consumer : CONSUMERS) {
                RequestCounter requests = new RequestCounter();
                FunctionEnvironment environment = FunctionLoader.environment(runner.stack().function(consumer.name()).orElseThrow(),
                        runner.clients(consumer.name()).withInterceptor(requests), ProcessingListener.NONE, HandlerDecorator.NONE);

                PrimingReport report = new CheckpointPriming(environment, consumer.handlers(), consumer.reads(), Clock.systemUTC()).prime();

                assertThat(report.clean()).as(consumer.name() + ": " + report).isTrue();
                assertThat(report.runtimeDeserialization()).as(consumer.name()).isTrue();
                long examples = Demo.examples(TestStacks.projectRoot().resolve("events/examples")).stream()
                        .filter(event -> consumer.reads().readsAsWritten() || consumer.reads().newest(event.type()).isPresent())
                        .count();
                assertThat(report.records()).as(consumer.name()).isEqualTo(examples);
                assertThat(report.answered()).as(consumer.name()).contains(consumer.effect());
                assertThat(requests.snapshot()).as(consumer.name() + ": requests that reached the emulator").isEmpty();
            }
            for (String table : List.of("IdempotencyTable", "AnalyticsTable", "LedgerTable", "ArchiveTable")) {
                assertThat(runner.clients().dynamoDb().scan(scan -> scan.tableName(runner.stack().ref(table))).items()).as(table).isEmpty();
            }
        }
    }

    @Test
    void aFunctionStartedAsLambdaStartsItIsPrimedByItsRuntimeHookOnlyWhereTheRuntimeHasCrac(AwsEmulator emulator, @TempDir Path work)
            throws Exception {
        try (LocalRunner runner = TestStacks.runner(emulator).build()) {
            FunctionDefinition notifier = runner.stack().function("notifier").orElseThrow();
            AwsCredentials credentials = runner.clients("notifier").credentials().resolveCredentials();
            String sender = runner.stack().parameters().get("SenderEmail");

            Path primedBatch = Files.writeString(work.resolve("primed.json"), ColdStartBenchmark.freshBatch(runner.stack()));
            ProbeProcess primed = ProbeProcess.run(notifier, emulator.endpoint(), emulator.region(), credentials,
                    List.of(ProbeProcess.PRIMED, LOG_PRIMING), Map.of(), primedBatch);
            Path plainBatch = Files.writeString(work.resolve("plain.json"), ColdStartBenchmark.freshBatch(runner.stack()));
            ProbeProcess plain = ProbeProcess.run(notifier, emulator.endpoint(), emulator.region(), credentials,
                    List.of(LOG_PRIMING), Map.of(), plainBatch);

            assertThat(primed.failures()).isZero();
            assertThat(Files.readString(primed.log())).contains("SnapStart priming: 4 records, 0 failed");
            assertThat(plain.failures()).isZero();
            assertThat(Files.readString(plain.log())).doesNotContain("SnapStart priming");
            // One email per fresh event the probes handled; none for the examples the priming ran.
            List<SentEmail> emails = emulator.sentEmails().stream().filter(email -> email.from().equals(sender)).toList();
            assertThat(emails).hasSize(2).allSatisfy(email -> assertThat(email.subject()).isEqualTo("Your order ord_456 has shipped"));
        }
    }
}
