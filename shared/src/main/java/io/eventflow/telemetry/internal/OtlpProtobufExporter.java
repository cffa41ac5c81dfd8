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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP protobuf export of spans with the JDK's {@link HttpURLConnection}: the HTTP stack the functions' AWS clients
 * (url-connection) already load, so tracing adds no HTTP client of its own to a cold start (the OTLP exporter's JDK
 * sender, on {@code java.net.http.HttpClient}, added about 150 classes and 30 ms; see the README's cold-start figures).
 * Each export is encoded with OpenTelemetry's own OTLP marshaler. The request's headers come from a function of the
 * body, so that a signer (SigV4 for X-Ray, which signs the body's hash) can compute them.
 *
 * <p>Every export has one deadline, its {@code timeout} from the call, for everything it does: connecting, writing,
 * reading and the one retry. Connect and read timeouts alone do not bound it (a backend that accepts the connection
 * and never reads blocks the write for ever; one that answers 503 late gets a second full wait), so the request runs
 * on a thread of its own and the export's result fails at the deadline, when the connection still open is closed
 * under it. The caller (the invocation's flush) waits on the result, never longer than the deadline.
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
     * @param timeout the deadline of one export, retry included, from the call to {@link #export}
     */
    public OtlpProtobufExporter(URI endpoint, Function<byte[], Map<String, String>> headers, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the export timeout must be positive, got " + timeout);
        }
    }

    /**
     * Starts the export (encoding included) and returns at once; the result completes when it is done or its deadline
     * has passed.
     */
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        Export export = new Export(spans, System.nanoTime() + timeout.toNanos());
        Thread sender = new Thread(export::run, "otlp-export");
        sender.setDaemon(true);   // never keeps a JVM alive (tests, the local runner)
        sender.start();
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(export::expire);
        return export.result;
    }

    /** The OTLP/protobuf body of an export request. */
    static byte[] encode(Collection<SpanData> spans) throws IOException {
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

    /** One export: its spans encoded, then sent at most twice before its deadline. */
    private final class Export {
        private final Collection<SpanData> spans;
        private final int spanCount;
        private final long deadline;
        private final CompletableResultCode result = new CompletableResultCode();
        private byte[] body;
        private HttpURLConnection connection;   // the attempt in progress; guarded by this
        private boolean expired;                // guarded by this

        private Export(Collection<SpanData> spans, long deadline) {
            this.spans = spans;
            this.spanCount = spans.size();
            this.deadline = deadline;
        }

        private void run() {
            try {
                body = encode(spans);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not encode {} spans: {}", spanCount, e.toString());
                result.fail();
                return;
            }
            // One retry, as OTLP asks for these answers, and only while the deadline leaves room for it.
            int status = send();
            if (RETRYABLE.contains(status) && remainingMillis() > 0) {
                status = send();
            }
            if (status / 100 == 2) {
                result.succeed();
            } else {
                result.fail();
            }
        }

        /** Gives up at the deadline: the result fails now and an open connection is closed, ending a blocked write or read. */
        private void expire() {
            HttpURLConnection open;
            synchronized (this) {
                expired = true;
                open = connection;
            }
            if (!result.isDone()) {
                LOG.warn("exporting {} spans to {} did not finish within {} ms; giving up", spanCount, endpoint, timeout.toMillis());
                result.fail();
            }
            if (open != null) {
                open.disconnect();
            }
        }

        /** Sends one request; returns its HTTP status, or -1 when it could not be sent in time. */
        private int send() {
            try {
                HttpURLConnection attempt = open();
                if (attempt == null) {
                    return -1;
                }
                try (OutputStream out = attempt.getOutputStream()) {
                    out.write(body);
                }
                // A write cut off by expire() returns quietly (the connection's stream swallows the error), and asking
                // a closed connection for its answer would open a new one.
                synchronized (this) {
                    if (expired) {
                        return -1;
                    }
                }
                int status = attempt.getResponseCode();
                // Read the answer whole either way, so the keep-alive connection can be reused.
                try (InputStream answer = status / 100 == 2 ? attempt.getInputStream() : attempt.getErrorStream()) {
                    String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
                    if (status / 100 != 2) {
                        LOG.warn("{} refused {} spans: HTTP {} {}", endpoint, spanCount, status, text);
                    }
                }
                return status;
            } catch (IOException | RuntimeException e) {
                if (!result.isDone()) {
                    LOG.warn("exporting {} spans to {} failed: {}", spanCount, endpoint, e.toString());
                }
                return -1;
            } finally {
                // Done with it: expire() must not close a connection that has gone back to the keep-alive cache.
                synchronized (this) {
                    connection = null;
                }
            }
        }

        /** A connection for the next attempt, with the time left as its timeouts; null once the deadline has passed. */
        private HttpURLConnection open() throws IOException {
            int remaining = remainingMillis();
            if (remaining <= 0) {
                return null;
            }
            HttpURLConnection attempt = (HttpURLConnection) endpoint.toURL().openConnection();
            attempt.setRequestMethod("POST");
            attempt.setConnectTimeout(remaining);
            attempt.setReadTimeout(remaining);
            attempt.setDoOutput(true);
            attempt.setFixedLengthStreamingMode(body.length);
            attempt.setRequestProperty("Content-Type", "application/x-protobuf");
            headers.apply(body).forEach(attempt::setRequestProperty);
            synchronized (this) {
                if (expired) {
                    return null;
                }
                connection = attempt;
            }
            return attempt;
        }

        private int remainingMillis() {
            return (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        }
    }
}
