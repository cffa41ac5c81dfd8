package io.eventflow.telemetry.internal;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP protobuf export of spans with the JDK's {@link HttpURLConnection}: the HTTP stack the functions' AWS clients
 * (url-connection) already load, so tracing adds no HTTP client of its own to a cold start (the OTLP exporter's JDK
 * sender, on {@code java.net.http.HttpClient}, added about 150 classes and 30 ms; see the README's cold-start figures).
 * Each export is encoded with OpenTelemetry's own OTLP marshaler and sent on the calling thread: the invocation's
 * flush waits for it anyway. The request's headers come from a function of the body, so that a signer (SigV4 for
 * X-Ray, which signs the body's hash) can compute them.
 */
public final class OtlpProtobufExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpProtobufExporter.class);
    /** The answers OTLP/HTTP says to retry. */
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    private final URI endpoint;
    private final Function<byte[], Map<String, String>> headers;
    private final Duration timeout;

    /**
     * @param endpoint the full traces URL ({@code .../v1/traces})
     * @param headers the request headers for a body (besides {@code Content-Type})
     * @param timeout connect and read timeout of one export
     */
    public OtlpProtobufExporter(URI endpoint, Function<byte[], Map<String, String>> headers, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        byte[] body;
        try {
            body = encode(spans);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not encode {} spans: {}", spans.size(), e.toString());
            return CompletableResultCode.ofFailure();
        }
        // One retry, as OTLP asks for these answers, and only while the flush's bound has room for it.
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = send(body, spans.size());
        if (RETRYABLE.contains(status) && System.nanoTime() < deadline) {
            status = send(body, spans.size());
        }
        return status / 100 == 2 ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    /** Sends one request; returns its HTTP status, or -1 when it could not be sent. */
    private int send(byte[] body, int spanCount) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "application/x-protobuf");
            headers.apply(body).forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            // Read the answer whole either way, so the keep-alive connection can be reused.
            try (InputStream answer = status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream()) {
                String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
                if (status / 100 != 2) {
                    LOG.warn("{} refused {} spans: HTTP {} {}", endpoint, spanCount, status, text);
                }
            }
            return status;
        } catch (IOException | RuntimeException e) {
            LOG.warn("exporting {} spans to {} failed: {}", spanCount, endpoint, e.toString());
            return -1;
        }
    }

    private static byte[] encode(Collection<SpanData> spans) throws IOException {
        TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream body = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
        marshaler.writeBinaryTo(body);
        return body.toByteArray();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
