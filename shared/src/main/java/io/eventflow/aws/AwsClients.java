package io.eventflow.aws;

import io.eventflow.config.EventflowConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients of one execution environment, each built once, on first use, and shared by every invocation. They
 * use the url-connection HTTP client (no Netty or Apache: less to load at cold start) and honour an endpoint override,
 * which is how the same code runs against an emulator.
 *
 * <p>The HTTP client is shared by every client built here; {@link #close()} closes them all.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient httpClient;
    private final boolean ownsHttpClient;
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final List<ExecutionInterceptor> interceptors;
    private final LazyClient<SqsClient> sqs;
    /**
     * Typed as any client, not as SnsClient, so that this class loads without the SNS jar: only functions that publish
     * ship it, and a lambda typed {@code Supplier<SnsClient>} would resolve the class when the clients are built.
     */
    private final LazyClient<SdkClient> sns;
    private final LazyClient<DynamoDbClient> dynamoDb;

    private AwsClients(Builder builder) {
        this(builder.httpClient != null ? builder.httpClient : UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build(),
                builder.httpClient == null, builder.region, builder.endpoint,
                builder.credentials != null ? builder.credentials : DefaultCredentialsProvider.builder().build(),
                builder.interceptors);
    }

    private AwsClients(SdkHttpClient httpClient, boolean ownsHttpClient, Region region, URI endpoint,
                       AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        this.httpClient = httpClient;
        this.ownsHttpClient = ownsHttpClient;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.interceptors = List.copyOf(interceptors);
        this.sqs = new LazyClient<>(() -> configure(SqsClient.builder()));
        this.sns = new LazyClient<SdkClient>(() -> configure(SnsClient.builder()));
        this.dynamoDb = new LazyClient<>(() -> configure(DynamoDbClient.builder()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Clients for where the configuration says the function runs: its region and optional endpoint override. */
    public static AwsClients fromConfig(EventflowConfig config) {
        Builder builder = builder().region(Region.of(config.region().orElse("us-east-1")));
        config.endpointOverride().ifPresent(builder::endpoint);
        return builder.build();
    }

    /**
     * Clients like these whose requests also pass through one more interceptor (a function's tracing, where the
     * local runner shares one set of clients between functions). They share this set's HTTP client, which closing
     * them leaves open.
     */
    public AwsClients withInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> more = new ArrayList<>(interceptors);
        more.add(interceptor);
        return new AwsClients(httpClient, false, region, endpoint, credentials, more);
    }

    /**
     * Applies this environment's HTTP client, region, endpoint and credentials to another service's builder, so a
     * function needing one more client (SES, say) gets it configured the same way.
     */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C configure(B builder) {
        builder.httpClient(httpClient).region(region).credentialsProvider(credentials);
        if (!interceptors.isEmpty()) {
            builder.overrideConfiguration(override -> interceptors.forEach(override::addExecutionInterceptor));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The SQS client, built on first use. */
    public SqsClient sqs() {
        return sqs.get();
    }

    /** The SNS client, built on first use; needs the {@code sns} jar, which only functions that publish ship. */
    public SnsClient sns() {
        return (SnsClient) sns.get();
    }

    /** The DynamoDB client, built on first use. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The credentials every client signs with (also what tracing signs its X-Ray exports with). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public void close() {
        sqs.close();
        sns.close();
        dynamoDb.close();
        if (ownsHttpClient) {
            httpClient.close();
        }
    }

    /** Builder for {@link AwsClients}. */
    public static final class Builder {
        private Region region = Region.US_EAST_1;
        private URI endpoint;
        private AwsCredentialsProvider credentials;
        private SdkHttpClient httpClient;
        private final List<ExecutionInterceptor> interceptors = new ArrayList<>();

        private Builder() {}

        /**
         * The HTTP client every client sends through, which {@link #close()} then leaves open; a url-connection client
         * owned by these clients when not set.
         */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Adds an SDK interceptor to every client (request counting, tracing). */
        public Builder addInterceptor(ExecutionInterceptor interceptor) {
            interceptors.add(interceptor);
            return this;
        }

        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** Sends every request to this endpoint instead of AWS (an emulator). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Credentials to sign with; the SDK's default chain when not set (what Lambda provides). */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public AwsClients build() {
            return new AwsClients(this);
        }
    }
}
