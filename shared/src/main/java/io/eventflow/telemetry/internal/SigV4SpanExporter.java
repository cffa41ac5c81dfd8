package io.eventflow.telemetry.internal;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * OTLP/HTTP protobuf export signed with AWS SigV4, for AWS X-Ray's OTLP endpoint
 * ({@code https://xray.<region>.amazonaws.com/v1/traces}, signing name {@code xray}): no collector, no layer. Each
 * export is encoded with OpenTelemetry's own OTLP marshaler, signed by the AWS SDK's {@link AwsV4HttpSigner} with the
 * function's credentials (resolved per export, so rotated credentials are picked up), and sent with the JDK's
 * HTTP client. The OTLP exporter cannot do this itself: its headers are computed without the body, and SigV4 signs
 * the body's hash.
 */
public final class SigV4SpanExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(SigV4SpanExporter.class);
    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public SigV4SpanExporter(URI endpoint, String region, AwsCredentialsProvider credentials, Clock clock) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The X-Ray OTLP traces endpoint of a region. */
    public static URI xrayEndpoint(String region) {
        return URI.create("https://xray." + region + ".amazonaws.com/v1/traces");
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = new CompletableResultCode();
        HttpRequest request;
        try {
            request = signed(encode(spans));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not sign the export of {} spans to {}: {}", spans.size(), endpoint, e.toString());
            return result.fail();
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                LOG.warn("exporting {} spans to {} failed: {}", spans.size(), endpoint, error.toString());
                result.fail();
            } else if (response.statusCode() / 100 != 2) {
                LOG.warn("{} refused {} spans: HTTP {} {}", endpoint, spans.size(), response.statusCode(), response.body());
                result.fail();
            } else {
                result.succeed();
            }
        });
        return result;
    }

    private static byte[] encode(Collection<SpanData> spans) throws IOException {
        TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream body = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
        marshaler.writeBinaryTo(body);
        return body.toByteArray();
    }

    private HttpRequest signed(byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", "application/x-protobuf")
                .build();
        SignedRequest signed = signer.sign(sign -> sign
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "xray")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            // The JDK client writes Host (from the URI, as signed) and Content-Length itself.
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        http.close();
        return CompletableResultCode.ofSuccess();
    }
}
