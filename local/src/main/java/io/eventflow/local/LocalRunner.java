package io.eventflow.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.HandlerDecorator;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.emulator.Poll;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.idempotency.IdempotencySettings;
import io.eventflow.local.iam.AccessDenials;
import io.eventflow.local.iam.CliPrincipal;
import io.eventflow.local.iam.IamEnforcement;
import io.eventflow.local.iam.SamTranslator;
import io.eventflow.local.iam.StackPrincipals;
import io.eventflow.local.template.SamTemplate;
import io.eventflow.publish.EventPublisher;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplaySettings;
import io.eventflow.telemetry.AwsSdkTracing;
import io.eventflow.telemetry.Telemetry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The stack of {@code template.yaml} running against an AWS-protocol endpoint: resources created from the template,
 * each function's SQS event sources polling in-process, each handler built once (one "execution environment") through
 * its {@code (FunctionEnvironment)} constructor with the environment variables the template gives it.
 *
 * <p>Each function runs as its own role: the roles the SAM translator's expansion of the template declares are created
 * in the emulator's IAM and assumed, and the function's clients (and its event source's polling, which Lambda does with
 * the function's role) sign with that role's credentials. Set-up runs as the endpoint's administrator, the publisher
 * as the producer and the replay engine as the operator ({@link CliPrincipal}). A request any of them is refused fails
 * the run at {@link #close()}. On an endpoint that checks no permissions everything runs as the administrator.
 */
public final class LocalRunner implements AutoCloseable {

    /** Parameter holding the notifier's sender address; the runner verifies it in the emulated SES. */
    static final String SENDER_PARAMETER = "SenderEmail";
    /** At most this many pollers per event source: enough for real concurrency on a laptop's emulator. */
    private static final int MAX_LOCAL_CONCURRENCY = 4;
    /** How queues are watched until they drain: every quarter second, empty twice in a row. */
    static final Poll DRAIN_POLL = Poll.every(Duration.ofMillis(250)).inARow(2);

    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

    private final AwsClients clients;
    private final IamClient iam;
    private final StsClient sts;
    private final AccessDenials denials = new AccessDenials();
    private final Map<String, AwsClients> functionClients = new LinkedHashMap<>();
    private final Map<CliPrincipal, AwsClients> cliClients = new EnumMap<>(CliPrincipal.class);
    private final ProvisionedStack stack;
    private final boolean permissionsChecked;
    private final Map<String, ConsumerCounters> counters = new LinkedHashMap<>();
    private final Map<String, RequestHandler<SQSEvent, SQSBatchResponse>> handlers = new LinkedHashMap<>();
    private final List<SqsEventSource> sources = new ArrayList<>();

    private LocalRunner(Builder builder) {
        this.clients = emulatorClients(builder.endpoint, builder.region, builder.credentials,
                withDenials(builder.interceptors, "administrator"));
        this.iam = clients.configure(IamClient.builder());
        this.sts = clients.configure(StsClient.builder());
        this.permissionsChecked = IamEnforcement.enforced(builder.endpoint, builder.region);
        if (!permissionsChecked) {
            // Its IAM may lack what the roles need (AWS's managed policies, say): everything runs as the administrator.
            LOG.warn("Permissions are not checked: {} does not enforce IAM; every function runs as the administrator", builder.endpoint);
        }
        SamTemplate template = SamTemplate.read(builder.template);
        StackProvisioner provisioner = new StackProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), builder.region);
        ProvisionedStack provisioned = provisioner.provision(template, builder.stackName, builder.parameters);
        ProvisionedStack timed = builder.functionTimeout == null ? provisioned : provisioned.withFunctionTimeout(builder.functionTimeout);
        this.stack = builder.functionEnvironment.isEmpty() ? timed : timed.withFunctionEnvironment(builder.functionEnvironment);
        verifySender();
        StackPrincipals principals = permissionsChecked
                ? StackPrincipals.roles(iam, sts, new SamTranslator(AwsEmulators.ProjectLayout.locate().root())
                        .expand(template, stack.parameters(), builder.region), stack)
                : StackPrincipals.administrator(builder.credentials);
        for (CliPrincipal principal : CliPrincipal.values()) {
            cliClients.put(principal, roleClients(builder, principals.cli(principal), principal.name().toLowerCase(Locale.ROOT)));
        }
        SqsEventTranslator translator = new SqsEventTranslator();
        for (FunctionDefinition function : stack.functions()) {
            AwsClients asRole = roleClients(builder, principals.function(function.logicalId()), function.functionName());
            functionClients.put(function.consumerName(), asRole);
            ConsumerCounters functionCounters = new ConsumerCounters();
            counters.put(function.consumerName(), functionCounters);
            RequestHandler<SQSEvent, SQSBatchResponse> handler = FunctionLoader.load(function, asRole, functionCounters, builder.decorator);
            handlers.put(function.consumerName(), handler);
            for (FunctionDefinition.QueueSource source : function.queueSources()) {
                // One poller per concurrent batch Lambda would run (ScalingConfig.MaximumConcurrency), capped locally.
                int pollers = builder.concurrentBatches ? Math.min(MAX_LOCAL_CONCURRENCY, Math.max(1, source.maximumConcurrency())) : 1;
                for (int i = 0; i < pollers; i++) {
                    // Lambda polls a function's queue with the function's own role.
                    sources.add(new SqsEventSource(asRole.sqs(), function, source, handler, translator));
                }
            }
        }
    }

    private AwsClients roleClients(Builder builder, AwsCredentialsProvider credentials, String principal) {
        return emulatorClients(builder.endpoint, builder.region, credentials, withDenials(builder.interceptors, principal));
    }

    private List<ExecutionInterceptor> withDenials(List<ExecutionInterceptor> interceptors, String principal) {
        List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
        all.add(denials.of(principal));
        return all;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients for an emulator endpoint: every call goes there, signed with these credentials. */
    static AwsClients emulatorClients(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return emulatorClients(endpoint, region, credentials, List.of());
    }

    private static AwsClients emulatorClients(URI endpoint, String region, AwsCredentialsProvider credentials,
                                              List<ExecutionInterceptor> interceptors) {
        AwsClients.Builder clients = AwsClients.builder()
                .endpoint(endpoint)
                .region(Region.of(region))
                // Always explicit: the host's real AWS profile stays out of it.
                .credentials(credentials);
        interceptors.forEach(clients::addInterceptor);
        return clients.build();
    }

    /** Starts every event source. */
    public LocalRunner start() {
        sources.forEach(SqsEventSource::start);
        return this;
    }

    public ProvisionedStack stack() {
        return stack;
    }

    /** Clients of the endpoint's administrator: set-up, and reading back state (tests, reports). */
    public AwsClients clients() {
        return clients;
    }

    /** The clients a function runs with, signed as its role (what its handler and its event source use). */
    public AwsClients clients(String consumer) {
        AwsClients asRole = functionClients.get(consumer);
        if (asRole == null) {
            throw new IllegalArgumentException("No consumer '" + consumer + "'; the template has " + functionClients.keySet());
        }
        return asRole;
    }

    /** The clients of a CLI principal: the producer's for publishing, the operator's for dead-letter and replay work. */
    public AwsClients clients(CliPrincipal principal) {
        return cliClients.get(principal);
    }

    /**
     * Whether the endpoint enforces IAM, so that each function really runs with its role's permissions only; when it
     * does not, everything runs as the administrator (and a line says so).
     */
    public boolean permissionsChecked() {
        return permissionsChecked;
    }

    /** Every request refused so far, by any principal of the run. */
    public List<String> accessDenials() {
        return denials.all();
    }

    /** Tallies per consumer name, in template order. */
    public Map<String, ConsumerCounters> counters() {
        return counters;
    }

    /** The handler instance of a consumer, as its event sources invoke it (for direct invocations). */
    public RequestHandler<SQSEvent, SQSBatchResponse> handler(String consumer) {
        RequestHandler<SQSEvent, SQSBatchResponse> handler = handlers.get(consumer);
        if (handler == null) {
            throw new IllegalArgumentException("No consumer '" + consumer + "'; the template has " + handlers.keySet());
        }
        return handler;
    }

    /** A publisher to the stack's topic (the template's {@code EventsTopic}). */
    public EventPublisher publisher() {
        return publisher(clients(CliPrincipal.PRODUCER).sns(), stack.ref("EventsTopic"));
    }

    /** The replay engine of the stack: its archive, replay jobs and idempotency tables, through the runner's clients. */
    public ArchiveReplayer replayer() {
        return ArchiveReplayer.builder(EventflowConfig.from(Map.of(
                EventflowConfig.ARCHIVE_TABLE, stack.ref("ArchiveTable"),
                ReplaySettings.JOBS_TABLE, stack.ref("ReplayJobsTable"),
                IdempotencySettings.TABLE, stack.ref("IdempotencyTable"))), clients(CliPrincipal.OPERATOR)).build();
    }

    /** A publisher to the stack's topic that traces each publish (its PRODUCER span, and a CLIENT span per call). */
    public EventPublisher publisher(Telemetry telemetry) {
        return publisher(clients(CliPrincipal.PRODUCER), stack.ref("EventsTopic"), telemetry);
    }

    /** A validating publisher to a topic, as every local command publishes. */
    static EventPublisher publisher(SnsClient sns, String topicArn) {
        return EventPublisher.builder()
                .snsClient(sns)
                .topicArn(topicArn)
                .validator(new EventValidator(EventTypeRegistry.fromClasspath()))
                .build();
    }

    /** A validating publisher to a topic through these clients, traced by {@code telemetry}. */
    public static EventPublisher publisher(AwsClients clients, String topicArn, Telemetry telemetry) {
        return EventPublisher.builder()
                .snsClient(clients.withInterceptor(new AwsSdkTracing(telemetry.openTelemetry())).sns())
                .topicArn(topicArn)
                .validator(new EventValidator(EventTypeRegistry.fromClasspath()))
                .openTelemetry(telemetry.openTelemetry())
                .build();
    }

    /**
     * Waits until every consumer queue is empty (nothing visible, in flight or delayed) and no batch is being handled,
     * twice in a row.
     *
     * @return whether that happened before the timeout
     */
    public boolean awaitDrained(Duration timeout) {
        return DRAIN_POLL.forAtMost(timeout).until(this::drained);
    }

    /** Messages waiting in a queue: visible, in flight, or delayed. */
    public long depth(String queueUrl) {
        return depth(clients.sqs(), queueUrl);
    }

    /**
     * Messages waiting in a queue, through any SQS client: visible, in flight, or delayed (a record put back with a
     * delay, as one another worker holds is, is in none of the other counts until its delay ends).
     */
    static long depth(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request
                .queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"));
    }

    private boolean drained() {
        if (sources.stream().anyMatch(SqsEventSource::busy)) {
            return false;
        }
        return stack.functions().stream()
                .flatMap(function -> function.queueSources().stream())
                .allMatch(source -> depth(source.queueUrl()) == 0);
    }

    private void verifySender() {
        String sender = stack.parameters().get(SENDER_PARAMETER);
        if (sender != null) {
            // Real SES needs the owner to verify the address once; an emulator accepts this call instead.
            try (SesV2Client ses = clients.configure(SesV2Client.builder())) {
                ses.createEmailIdentity(request -> request.emailIdentity(sender));
            }
        }
    }

    /** Stops polling and closes every client; throws when any request of the run was refused (a missing permission). */
    @Override
    public void close() {
        sources.forEach(SqsEventSource::close);
        functionClients.values().forEach(AwsClients::close);
        cliClients.values().forEach(AwsClients::close);
        iam.close();
        sts.close();
        clients.close();
        List<String> refused = denials.all();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Requests were refused for lack of permission (" + refused.size() + "):\n  "
                    + String.join("\n  ", refused));
        }
    }

    /** Builder for {@link LocalRunner}. */
    public static final class Builder {
        private URI endpoint;
        private AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsEmulator.DUMMY_CREDENTIALS);
        private String region = "us-east-1";
        private Path template = Path.of("template.yaml");
        private String stackName = "eventflow";
        private final Map<String, String> parameters = new HashMap<>();
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
        private HandlerDecorator decorator = HandlerDecorator.NONE;
        private Duration functionTimeout;
        private boolean concurrentBatches;
        private final Map<String, String> functionEnvironment = new HashMap<>();

        private Builder() {}

        /** Sets an environment variable of every function, over the template's (a setting to compare, say). */
        public Builder functionEnvironment(String name, String value) {
            functionEnvironment.put(name, value);
            return this;
        }

        /**
         * Whether each event source runs as many batches at once as the template's
         * {@code ScalingConfig.MaximumConcurrency} allows (up to 4 here), as Lambda would; by default one at a time,
         * so the demo's tallies are the same on every run.
         */
        public Builder concurrentBatches(boolean concurrentBatches) {
            this.concurrentBatches = concurrentBatches;
            return this;
        }

        /** Adds an SDK interceptor to every client the runner and its functions use (request counting). */
        public Builder interceptor(ExecutionInterceptor interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        /** Wraps every function's logic (fault injection). */
        public Builder decorator(HandlerDecorator decorator) {
            this.decorator = Objects.requireNonNull(decorator);
            return this;
        }

        /** Runs every function with this timeout instead of the template's: shorter leases in soak tests. */
        public Builder functionTimeout(Duration functionTimeout) {
            this.functionTimeout = functionTimeout;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * The endpoint's administrator ({@code AwsEmulator.administrator()}), which creates the stack and its roles;
         * fixed dummy keys by default, which only an endpoint that checks no permissions accepts.
         */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials);
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder template(Path template) {
            this.template = template;
            return this;
        }

        public Builder stackName(String stackName) {
            this.stackName = stackName;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        /** Provisions the stack and builds every function; call {@link LocalRunner#start()} to begin polling. */
        public LocalRunner build() {
            Objects.requireNonNull(endpoint, "endpoint");
            return new LocalRunner(this);
        }
    }
}
