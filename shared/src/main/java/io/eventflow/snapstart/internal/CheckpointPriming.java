package io.eventflow.snapstart.internal;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import io.eventflow.telemetry.internal.DiscardingSpanExporter;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * SnapStart priming: a runtime hook that, before Lambda takes the snapshot, runs one batch through a twin of the
 * function, so that what its first batch would load and initialise (the SDK's request path, the codec, the schema
 * validator, the handler's own code, span encoding; and, where the function sees it, the Lambda runtime's event
 * deserialization, {@link RuntimeEventDeserialization}) is in the snapshot instead of in the first invocation after a
 * restore.
 *
 * <p>The twin has the function's configuration and handler, but AWS clients that answer in the process
 * ({@link InProcessAws}, signing with made-up credentials), spans that are encoded and dropped, and no metrics: it
 * claims nothing, sends nothing and exports nothing. The function's own clients are built too (which sends nothing), so
 * its first batch does not build them.
 *
 * <p>Nothing needs restoring after a restore, by design rather than in this hook: eventflow keeps no init-time random
 * state (event ids, span ids and backoff jitter draw on {@link java.security.SecureRandom}, which Lambda reseeds on
 * restore), no clock-derived value, and no credentials (the function's clients resolve them on their first call, after
 * the restore, and refresh them as they expire).
 */
public final class CheckpointPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPriming.class);

    /**
     * The one global of this package: every registered priming, for the life of the execution environment. CRaC
     * contexts hold their resources weakly, and nothing else refers to a priming once its handler is built.
     */
    private static final List<CheckpointPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final FunctionEnvironment environment;
    private final Function<FunctionEnvironment, ? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers;
    private final ReadVersions reads;
    private final Clock clock;

    /**
     * @param environment the function's own environment, whose configuration the twin takes and whose clients are built
     * @param handlers builds the function's handler on an environment (its {@code (FunctionEnvironment)} constructor)
     * @param reads the versions the function reads: the priming batch has an example of each
     */
    public CheckpointPriming(FunctionEnvironment environment,
                             Function<FunctionEnvironment, ? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers,
                             ReadVersions reads, Clock clock) {
        this.environment = Objects.requireNonNull(environment);
        this.handlers = Objects.requireNonNull(handlers);
        this.reads = Objects.requireNonNull(reads);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Registers this priming with the runtime's global CRaC context (a no-op outside a CRaC or SnapStart runtime). */
    public void register() {
        REGISTERED.add(this);
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // An optimisation: a priming that fails must not fail the snapshot, and so the deployment.
        try {
            LOG.info("SnapStart priming: {}", prime());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("SnapStart priming failed; the snapshot is taken unprimed", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: see the class comment.
    }

    /** Runs the priming batch through the twin and says what it did. */
    public PrimingReport prime() {
        InProcessAws aws = new InProcessAws();
        AwsClients own = environment.clients();
        try (AwsClients clients = AwsClients.builder()
                     .httpClient(aws)
                     .region(own.region())
                     .endpoint(own.endpoint().orElse(null))
                     .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("eventflow-priming", "eventflow-priming")))
                     .build();
             Telemetry telemetry = environment.telemetry().enabled()
                     ? Telemetry.builder().settings(TracingSettings.fromVariables(environment.config().variables()))
                             .spanExporter(new DiscardingSpanExporter()).build()
                     : Telemetry.noop()) {
            FunctionEnvironment twin = FunctionEnvironment.builder().config(environment.config()).clients(clients).telemetry(telemetry).build();
            SQSEvent batch = PrimingBatch.of(twin.registry(), reads, own.region().id(), environment.config().consumer(), clock);
            boolean runtimePrimed = RuntimeEventDeserialization.prime(batch);
            SQSBatchResponse response = handlers.apply(twin).handleRequest(batch, new PrimingContext(environment.config().consumer()));
            own.sqs();
            own.dynamoDb();
            return new PrimingReport(batch.getRecords().size(), response.getBatchItemFailures().size(), aws.answered(), aws.refused(),
                    runtimePrimed);
        }
    }
}
