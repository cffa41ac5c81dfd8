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
 * {@code processed <init ms> <handler ms> <failures> <priming ms> <deserialization ms> <classes the handler loaded>}, right after the batch returns; the benchmark times
 * the process from its start to that line. Started with {@code -Dorg.crac.Core.Compat=io.eventflow.emulator.snapstart},
 * it runs the SnapStart runtime hooks between init and the batch, as Lambda runs them around its snapshot.
 *
 * <p>Usage: {@code ColdStartProbe <handler class> <sqs-event.json>}.
 */
public final class ColdStartProbe {

    /** The system property that makes {@code org.crac} use a CRaC implementation, here the local one. */
    static final String PRIMING_COMPAT = "org.crac.Core.Compat";

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, SQSBatchResponse> handler =
                (RequestHandler<SQSEvent, SQSBatchResponse>) Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.currentTimeMillis();
        // Started with -Dorg.crac.Core.Compat: run the SnapStart hooks (priming) as Lambda does before its snapshot and
        // after a restore. In Lambda this time is spent when the version is published, not on a cold start.
        if (System.getProperty(PRIMING_COMPAT) != null) {
            org.crac.Core.checkpointRestore();
        }
        long initialised = System.currentTimeMillis();
        // The runtime's part of the invocation (the event deserialized by its serializer), timed apart from the handler's.
        SQSEvent batch;
        try (InputStream json = Files.newInputStream(Path.of(args[1]))) {
            batch = new SqsEventTranslator().fromLambdaJson(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + args[1], e);
        }
        long deserialized = System.currentTimeMillis();
        long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        SQSBatchResponse response = handler.handleRequest(batch, LocalLambdaContext.countingDown("cold-start-probe", Duration.ofSeconds(30)));
        long processed = System.currentTimeMillis();
        long batchClasses = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore;
        System.out.println("processed " + (constructed - jvmStart) + " " + (processed - deserialized) + " " + response.getBatchItemFailures().size()
                + " " + (initialised - constructed) + " " + (deserialized - initialised) + " " + batchClasses);
        System.out.flush();
        System.exit(0);
    }
}
