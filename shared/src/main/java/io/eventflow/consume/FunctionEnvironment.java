package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.internal.EmbeddedMetrics;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.IdempotencySettings;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.publish.EventPublisher;
import io.eventflow.snapstart.internal.CheckpointPriming;
import io.eventflow.telemetry.AwsSdkTracing;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a consumer function gets from the place it runs: its configuration, its AWS clients, its tracing and a
 * listener for record outcomes. Lambda builds it from the process environment ({@link #fromSystem()}, in the handler's no-argument
 * constructor, once per execution environment); tests and the local runner build it with {@link #builder()} and hand it
 * to the handler's {@code (FunctionEnvironment)} constructor.
 */
public final class FunctionEnvironment {

    private final EventflowConfig config;
    private final Telemetry telemetry;
    private final AwsClients clients;
    private final ProcessingListener listener;
    private final HandlerDecorator decorator;
    private final EventTypeRegistry registry;
    private final ConsumerSettings consumerSettings;
    private final Backoff backoff;

    private FunctionEnvironment(Builder builder) {
        this.config = Objects.requireNonNull(builder.config, "config");
        AwsClients untraced = builder.clients != null ? builder.clients : AwsClients.fromConfig(config);
        this.telemetry = builder.telemetry != null ? builder.telemetry
                : Telemetry.builder().settings(TracingSettings.fromVariables(config.variables())).awsClients(untraced).build();
        // An interceptor costs every call: only when there are spans to make.
        this.clients = telemetry.enabled() ? untraced.withInterceptor(new AwsSdkTracing(telemetry.openTelemetry())) : untraced;
        this.listener = builder.metrics == null ? builder.listener : builder.listener.andThen(builder.metrics);
        this.decorator = builder.decorator;
        this.registry = EventTypeRegistry.fromClasspath();
        this.consumerSettings = ConsumerSettings.from(config);
        this.backoff = Backoff.fromConfig(config);
    }

    /**
     * The environment of a function running in Lambda: settings from environment variables, default credentials,
     * tracing from the {@code OTEL_*} variables, per-invocation metrics as Embedded Metric Format lines on stdout.
     */
    public static FunctionEnvironment fromSystem() {
        EventflowConfig config = EventflowConfig.fromEnvironment();
        return builder().config(config).metrics(EmbeddedMetrics.toStandardOutput(config.metricsNamespace())).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How this function's batch processors run ({@link ConsumerSettings}, read once with the environment). */
    public ConsumerSettings consumerSettings() {
        return consumerSettings;
    }

    public EventflowConfig config() {
        return config;
    }

    public AwsClients clients() {
        return clients;
    }

    /**
     * This function's tracing, built once with the environment. A handler runs each invocation through
     * {@link Telemetry#handle}, which traces it and flushes the spans before it returns.
     */
    public Telemetry telemetry() {
        return telemetry;
    }

    public EventTypeRegistry registry() {
        return registry;
    }

    /**
     * A batch processor builder already wired to this function's consumer name, idempotency table, schemas, SQS and
     * DynamoDB clients, backoff, time margin, event time window and listener; the handler adds its logic and builds.
     */
    public SqsBatchProcessor.Builder batchProcessor() {
        IdempotencySettings idempotency = IdempotencySettings.from(config);
        return wired(config.consumer())
                .codec(new EventCodec())
                .validator(new EventValidator(registry))
                .idempotencyStore(IdempotencyStore.builder()
                        .dynamoDbClient(clients.dynamoDb())
                        .tableName(idempotency.table())
                        .recordTtl(idempotency.recordTtl())
                        .build())
                .dynamoDbClient(clients.dynamoDb())
                .batchTransactions(consumerSettings.batchTransactions())
                .eventTimeWindow(consumerSettings.eventTimeWindow())
                .decorator(decorator);
    }

    /**
     * A batch processor builder for messages that are not CloudEvents, wired to the SQS client, backoff, time margin
     * and listener; the handler adds its {@link SqsBatchProcessor.Builder#rawHandler} and builds.
     *
     * @param consumer the name its results and dead letters carry
     */
    public SqsBatchProcessor.Builder rawProcessor(String consumer) {
        return wired(consumer);
    }

    private SqsBatchProcessor.Builder wired(String consumer) {
        return SqsBatchProcessor.builder()
                .consumer(consumer)
                .sqsClient(clients.sqs())
                .backoff(backoff)
                .timeMargin(consumerSettings.timeMargin())
                .listener(listener)
                .openTelemetry(telemetry.openTelemetry());
    }

    /**
     * Primes this function for SnapStart and returns this environment: registers a runtime hook that, before Lambda
     * takes the snapshot, runs one batch of the bundled example events of the types {@code reads} names through the
     * handler {@code handlers} builds, on a twin of this environment whose AWS calls are answered in the process and
     * whose spans are dropped. What the first batch would load and initialise is then in the snapshot; nothing is
     * claimed, sent, written or exported. Where the runtime has no CRaC (no SnapStart, tests) the hook never runs.
     *
     * <p>A handler calls it in its no-argument constructor, the one Lambda uses:
     * {@code this(FunctionEnvironment.fromSystem().primedBeforeSnapshot(MyHandler::new, READS))}.
     *
     * @param handlers the handler's {@code (FunctionEnvironment)} constructor
     * @param reads the versions the handler reads (its batch processor's {@link SqsBatchProcessor.Builder#reads})
     */
    public FunctionEnvironment primedBeforeSnapshot(
            Function<FunctionEnvironment, ? extends RequestHandler<SQSEvent, SQSBatchResponse>> handlers, ReadVersions reads) {
        new CheckpointPriming(this, handlers, reads, Clock.systemUTC()).register();
        return this;
    }

    /** A publisher to the topic this function's configuration names ({@code EVENTFLOW_TOPIC_ARN}): a consumer that produces. */
    public EventPublisher publisher() {
        return EventPublisher.builder()
                .snsClient(clients.sns())
                .topicArn(config.require(EventflowConfig.TOPIC_ARN))
                .validator(new EventValidator(registry))
                .openTelemetry(telemetry.openTelemetry())
                .build();
    }

    /** Builder for {@link FunctionEnvironment}. */
    public static final class Builder {
        private EventflowConfig config;
        private AwsClients clients;
        private Telemetry telemetry;
        private ProcessingListener listener = ProcessingListener.NONE;
        private HandlerDecorator decorator = HandlerDecorator.NONE;
        private ProcessingListener metrics;

        private Builder() {}

        /** Writes each batch's counts as CloudWatch metrics (Lambda); none by default (tests, the local runner). */
        public Builder metrics(ProcessingListener metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder config(EventflowConfig config) {
            this.config = config;
            return this;
        }

        /** AWS clients to use; built from the configuration (region, endpoint override) when not given. */
        public Builder clients(AwsClients clients) {
            this.clients = clients;
            return this;
        }

        /** Tracing to use; built from the configuration's {@code OTEL_*} variables ({@link TracingSettings}) when not given. */
        public Builder telemetry(Telemetry telemetry) {
            this.telemetry = telemetry;
            return this;
        }

        public Builder listener(ProcessingListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Wraps the function's logic (fault injection in the soak test); none by default. */
        public Builder decorator(HandlerDecorator decorator) {
            this.decorator = Objects.requireNonNull(decorator);
            return this;
        }

        public FunctionEnvironment build() {
            return new FunctionEnvironment(this);
        }
    }
}
