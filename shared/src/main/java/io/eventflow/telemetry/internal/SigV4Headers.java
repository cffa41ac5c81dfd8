package io.eventflow.telemetry.internal;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The headers of a SigV4-signed POST, from the AWS SDK's own {@link AwsV4HttpSigner} (which every SDK client already
 * loads): for requests eventflow sends itself over {@code HttpURLConnection} instead of through a service client.
 */
final class SigV4Headers {

    /** Headers the HTTP connection sets itself (Host from the URL, as signed; Content-Length from the body). */
    private static final Set<String> SET_BY_CONNECTION = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final String region;
    private final Clock clock;

    /** @param service the signing name ({@code xray}, {@code ssm}, {@code secretsmanager}) */
    SigV4Headers(String service, String region, Clock clock) {
        this.service = service;
        this.region = region;
        this.clock = clock;
    }

    /** Every header to send with this body to this endpoint (the given ones, signed, and the signature's own). */
    Map<String, String> sign(URI endpoint, Map<String, String> headers, byte[] body, AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(sign -> sign
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .identity(credentials)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> all = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!SET_BY_CONNECTION.contains(name.toLowerCase(Locale.ROOT))) {
                all.put(name, String.join(",", values));
            }
        });
        return all;
    }
}
