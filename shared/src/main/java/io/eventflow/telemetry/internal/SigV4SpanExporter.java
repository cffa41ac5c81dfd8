package io.eventflow.telemetry.internal;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The SigV4 signature of OTLP/HTTP protobuf exports, for AWS X-Ray's OTLP endpoint
 * ({@code https://xray.<region>.amazonaws.com/v1/traces}, signing name {@code xray}): no collector, no layer. Each
 * export's body is signed by the AWS SDK's {@link AwsV4HttpSigner} with the function's credentials (resolved per
 * export, so rotated credentials are picked up) and sent by {@link OtlpProtobufExporter}. The OTLP exporter cannot do
 * this itself: its headers are computed without the body, and SigV4 signs the body's hash.
 */
public final class SigV4SpanExporter {

    /** Headers the HTTP connection sets itself. */
    private static final Set<String> SET_BY_CONNECTION = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private SigV4SpanExporter() {}

    /** The X-Ray OTLP traces endpoint of a region. */
    public static URI xrayEndpoint(String region) {
        return URI.create("https://xray." + region + ".amazonaws.com/v1/traces");
    }

    /** An exporter whose every request is signed for {@code service} in {@code region}. */
    public static SpanExporter create(URI endpoint, String region, AwsCredentialsProvider credentials, Clock clock, Duration timeout) {
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        return new OtlpProtobufExporter(endpoint, body -> signedHeaders(signer, endpoint, region, credentials, clock, body), timeout);
    }

    private static Map<String, String> signedHeaders(AwsV4HttpSigner signer, URI endpoint, String region,
                                                     AwsCredentialsProvider credentials, Clock clock, byte[] body) {
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
        Map<String, String> headers = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            // The connection writes Host (from the URL, as signed) and Content-Length itself.
            if (!SET_BY_CONNECTION.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }
}
