package io.eventflow.telemetry.internal;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The SigV4 signature of OTLP/HTTP protobuf exports, for AWS X-Ray's OTLP endpoint
 * ({@code https://xray.<region>.amazonaws.com/v1/traces}, signing name {@code xray}): no collector, no layer. Each
 * export's body is signed by the AWS SDK's signer ({@link SigV4Headers}) with the function's credentials (resolved per
 * export, so rotated credentials are picked up) and sent by {@link OtlpProtobufExporter}. The OTLP exporter cannot do
 * this itself: its headers are computed without the body, and SigV4 signs the body's hash.
 */
public final class SigV4SpanExporter {

    private SigV4SpanExporter() {}

    /** The X-Ray OTLP traces endpoint of a region. */
    public static URI xrayEndpoint(String region) {
        return URI.create("https://xray." + region + ".amazonaws.com/v1/traces");
    }

    /** An exporter whose every request is signed for X-Ray in {@code region}. */
    public static SpanExporter create(URI endpoint, String region, AwsCredentialsProvider credentials, Clock clock, Duration timeout) {
        SigV4Headers signature = new SigV4Headers("xray", region, clock);
        Map<String, String> contentType = Map.of("Content-Type", "application/x-protobuf");
        return new OtlpProtobufExporter(endpoint,
                body -> signature.sign(endpoint, contentType, body, credentials.resolveCredentials()), timeout);
    }
}
