package io.eventflow.local.traces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OTLP/HTTP traces endpoint on a free loopback port: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} in
 * protobuf ({@code application/x-protobuf}) or JSON ({@code application/json}), gzip-compressed or not. Each request's
 * spans go to every sink before the answer, so an exporter whose call returned has been received in full. Answers
 * as the OTLP specification says: 200 with an empty {@code ExportTraceServiceResponse} in the request's encoding,
 * 400 for a body that does not decode, 415 for another content type, 405 for another method, 404 elsewhere.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** The path OTLP/HTTP exporters send traces to, under {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public static final String TRACES_PATH = "/v1/traces";

    private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<SpanSink> sinks;

    private OtlpReceiver(Builder builder) {
        this.sinks = List.copyOf(builder.sinks);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on the loopback for OTLP", e);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} should be for exporters to reach this receiver. */
    public URI endpoint() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    /** What {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} should be: the endpoint with {@value #TRACES_PATH}. */
    public URI tracesEndpoint() {
        return endpoint().resolve(TRACES_PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(TRACES_PATH)) {
                reply(exchange, 404, "only " + TRACES_PATH + " is served here");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, "POST an ExportTraceServiceRequest");
                return;
            }
            Optional<OtlpEncoding> encoding = OtlpEncoding.of(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (encoding.isEmpty()) {
                reply(exchange, 415, "Content-Type must be application/x-protobuf or application/json");
                return;
            }
            List<ReceivedSpan> spans;
            try {
                spans = OtlpSpans.of(encoding.get().decode(body(exchange)));
            } catch (IOException | IllegalArgumentException e) {
                reply(exchange, 400, "not an OTLP ExportTraceServiceRequest in " + encoding.get().mediaType() + ": " + e.getMessage());
                return;
            }
            for (SpanSink sink : sinks) {
                try {
                    sink.accept(spans);
                } catch (RuntimeException e) {
                    // The exporter cannot fix a sink's trouble; retrying would only deliver the spans twice elsewhere.
                    LOG.warn("A span sink failed on {} spans: {}", spans.size(), e.toString());
                }
            }
            byte[] response = encoding.get().emptyResponse();
            exchange.getResponseHeaders().set("Content-Type", encoding.get().mediaType());
            send(exchange, 200, response);
        }
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
        }
        return body.readAllBytes();
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops listening; requests being handled are given a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    /** Builder for {@link OtlpReceiver}. */
    public static final class Builder {
        private final List<SpanSink> sinks = new ArrayList<>();

        private Builder() {}

        /** Adds a sink every export's spans go to, in the order added. */
        public Builder sink(SpanSink sink) {
            sinks.add(Objects.requireNonNull(sink));
            return this;
        }

        /** Starts listening on a free loopback port. */
        public OtlpReceiver start() {
            return new OtlpReceiver(this);
        }
    }
}
