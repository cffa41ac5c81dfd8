package io.eventflow.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.emulator.LocalLambdaContext;
import io.eventflow.emulator.SqsEventTranslator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One cold start, in a fresh JVM, as Lambda does it: the handler built with its no-argument constructor (configuration
 * from the environment), one SQS batch deserialized with the Lambda runtime's serializer and handled. Prints one line,
 * {@code processed <init ms> <invoke ms> <failures>}, right after the batch returns; the benchmark times the process
 * from its start to that line.
 *
 * <p>Usage: {@code ColdStartProbe <handler class> <sqs-event.json>}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, SQSBatchResponse> handler =
                (RequestHandler<SQSEvent, SQSBatchResponse>) Class.forName(args[0]).getConstructor().newInstance();
        long initialised = System.currentTimeMillis();
        SQSEvent batch;
        try (InputStream json = Files.newInputStream(Path.of(args[1]))) {
            batch = new SqsEventTranslator().fromLambdaJson(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + args[1], e);
        }
        SQSBatchResponse response = handler.handleRequest(batch, LocalLambdaContext.countingDown("cold-start-probe", Duration.ofSeconds(30)));
        long processed = System.currentTimeMillis();
        System.out.println("processed " + (initialised - jvmStart) + " " + (processed - initialised) + " " + response.getBatchItemFailures().size());
        System.out.flush();
        System.exit(0);
    }
}
