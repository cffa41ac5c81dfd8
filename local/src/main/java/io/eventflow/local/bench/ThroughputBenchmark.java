package io.eventflow.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.consume.ConsumerSettings;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.local.FunctionDefinition;
import io.eventflow.local.FunctionLoader;
import io.eventflow.local.LocalRunner;
import io.eventflow.local.RequestCounter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Throughput per instance: each consumer's handler, built as Lambda builds it from the template, fed a fixed number
 * of events from its queue on the emulator, behind a {@link LatencyProxy} that gives every AWS call a realistic round
 * trip. Per consumer it compares settings in one run: records one after another against side by side (the notifier),
 * batches of ten against the larger size (the transactional consumers: analytics, the archiver, the ledger). Only the time inside the handler counts; one
 * warm-up batch per setting is not counted.
 */
public final class ThroughputBenchmark {

    private static final String STACK = "bench";
    private static final int WARM_UP = 10;
    private static final int LEDGER_ACCOUNTS = 10;

    private final AwsEmulator emulator;
    private final Path template;
    private final Event shipped;
    private final Event deposit;
    private final Settings settings;

    /**
     * What to run.
     *
     * @param events events per setting, measured
     * @param latency added to every AWS call
     * @param sesExtra added to SES calls on top
     * @param largeBatch the larger batch size the transactional consumers are compared at
     */
    public record Settings(int events, Duration latency, Duration sesExtra, int largeBatch) {}

    /** One consumer at one setting. */
    private record Setup(String consumer, int batchSize, int parallelism) {}

    /**
     * @param root the project's root: its {@code template.yaml} and the examples it sends, {@code order.shipped} (to the
     *     notifier, analytics and the archiver) and {@code deposit.made} (to the ledger)
     */
    public ThroughputBenchmark(AwsEmulator emulator, Path root, Settings settings) throws IOException {
        this.emulator = emulator;
        this.template = root.resolve("template.yaml");
        EventCodec codec = new EventCodec();
        this.shipped = codec.decode(Files.readString(root.resolve("events/examples/order.shipped.json")));
        this.deposit = codec.decode(Files.readString(root.resolve("events/examples/deposit.made.json")));
        this.settings = settings;
    }

    public ThroughputReport run() throws IOException {
        List<Setup> setups = List.of(
                new Setup("notifier", 10, 1),
                new Setup("notifier", 10, ConsumerSettings.DEFAULT_RECORD_PARALLELISM),
                new Setup("analytics", 10, 1),
                new Setup("analytics", settings.largeBatch(), 1),
                new Setup("archiver", 10, 1),
                new Setup("archiver", settings.largeBatch(), 1),
                new Setup("ledger", 10, 1),
                new Setup("ledger", settings.largeBatch(), 1));
        RequestCounter requests = new RequestCounter();
        try (LatencyProxy proxy = LatencyProxy.start(emulator.endpoint(), settings.latency(), settings.sesExtra());
             LocalRunner runner = LocalRunner.builder().endpoint(proxy.endpoint()).credentials(emulator.administrator())
                     .region(emulator.region()).template(template)
                     .stackName(STACK).interceptor(requests).build()) {
            List<ThroughputReport.Row> rows = new ArrayList<>();
            for (Setup setup : setups) {
                rows.add(measure(runner, requests, setup));
            }
            return new ThroughputReport(settings.latency(), settings.sesExtra(), rows);
        }
    }

    private ThroughputReport.Row measure(LocalRunner runner, RequestCounter requests, Setup setup) {
        FunctionDefinition function = runner.stack()
                .withFunctionEnvironment(Map.of(ConsumerSettings.RECORD_PARALLELISM, Integer.toString(setup.parallelism())))
                .function(setup.consumer()).orElseThrow();
        FunctionDefinition.QueueSource source = function.queueSources().getFirst();
        // As its own role, as the runner runs it; the benchmark's own sends and receives go as the administrator.
        RequestHandler<SQSEvent, SQSBatchResponse> handler = FunctionLoader.load(function, runner.clients(setup.consumer()),
                ThroughputBenchmark::processedOnly);
        SqsClient sqs = runner.clients().sqs();
        feed(sqs, source.queueUrl(), setup.consumer(), WARM_UP);
        invoke(handler, function, sqs, source, receive(sqs, source.queueUrl(), WARM_UP));
        feed(sqs, source.queueUrl(), setup.consumer(), settings.events());
        long nanos = 0;
        long dynamoDb = 0;
        long sqsRequests = 0;
        int batches = 0;
        int events = 0;
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        while (events < settings.events()) {
            List<Message> batch = receive(sqs, source.queueUrl(), Math.min(setup.batchSize(), settings.events() - events));
            requests.reset();
            long start = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(toEvent(batch, source.queueArn()), function.newInvocationContext());
            nanos += System.nanoTime() - start;
            dynamoDb += requests.total("DynamoDb");
            sqsRequests += requests.total("Sqs");
            acknowledge(sqs, source.queueUrl(), batch, response);
            batches++;
            events += batch.size();
        }
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new ThroughputReport.Row(setup.consumer(), setup.batchSize(), setup.parallelism(), events, batches, nanos,
                dynamoDb, sqsRequests, peak);
    }

    private static void invoke(RequestHandler<SQSEvent, SQSBatchResponse> handler, FunctionDefinition function, SqsClient sqs,
                               FunctionDefinition.QueueSource source, List<Message> batch) {
        acknowledge(sqs, source.queueUrl(), batch, handler.handleRequest(toEvent(batch, source.queueArn()), function.newInvocationContext()));
    }

    private static SQSEvent toEvent(List<Message> batch, String queueArn) {
        SqsEventTranslator translator = new SqsEventTranslator();
        return translator.fromLambdaJson(translator.toLambdaJson(batch, queueArn));
    }

    /** Sends fresh events as the topic's raw delivery would: the CloudEvent as body, type and id as attributes. */
    private void feed(SqsClient sqs, String queueUrl, String consumer, int count) {
        EventCodec codec = new EventCodec();
        for (int sent = 0; sent < count; sent += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = sent; i < Math.min(count, sent + 10); i++) {
                Event event = fresh(consumer, i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(codec.encode(event))
                        .messageAttributes(Map.of(
                                "type", MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build(),
                                "event-id", MessageAttributeValue.builder().dataType("String").stringValue(event.id()).build()))
                        .build());
            }
            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        }
    }

    /**
     * The i-th event for a consumer: an order shipped, or for the ledger a deposit to one of {@value #LEDGER_ACCOUNTS}
     * accounts (a batch books several accounts, and several deposits to each, as a busy ledger does).
     */
    private Event fresh(String consumer, int i) {
        if (consumer.equals("ledger")) {
            String account = "acc_bench" + (i % LEDGER_ACCOUNTS);
            ObjectNode data = deposit.data().deepCopy();
            data.put("account_id", account);
            return Event.builder().source(deposit.source()).type(deposit.type()).subject(account).data(data).build();
        }
        return Event.builder().source(shipped.source()).type(shipped.type()).subject("ord_bench_" + i).data(shipped.data()).build();
    }

    /** What Lambda's poller does for a batch size above ten: receives until the batch is full. */
    private static List<Message> receive(SqsClient sqs, String queueUrl, int size) {
        List<Message> batch = new ArrayList<>();
        while (batch.size() < size) {
            batch.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(10, size - batch.size())).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages());
        }
        return batch;
    }

    /** A figure is only worth something for events the consumer really processed: anything else ends the run. */
    private static void processedOnly(RecordResult result) {
        if (result.outcome() != RecordOutcome.PROCESSED) {
            throw new IllegalStateException("the benchmark's events should all be processed; " + result.messageId() + " was "
                    + result.outcome() + (result.error() == null ? "" : ": " + result.error()));
        }
    }

    private static void acknowledge(SqsClient sqs, String queueUrl, List<Message> batch, SQSBatchResponse response) {
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the benchmark's events should all succeed; failed: " + failed);
        }
        for (int start = 0; start < batch.size(); start += 10) {
            List<DeleteMessageBatchRequestEntry> entries = batch.subList(start, Math.min(batch.size(), start + 10)).stream()
                    .map(message -> DeleteMessageBatchRequestEntry.builder().id(message.messageId()).receiptHandle(message.receiptHandle()).build())
                    .toList();
            sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        }
    }
}
