package io.eventflow.local;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Test fixture: an OTLP/HTTP traces receiver on the loopback, as a collector or hosted backend would be. It decodes
 * each {@code ExportTraceServiceRequest} (protobuf, gzip or not) before answering, so a span it holds was exported
 * before the exporter's request completed.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span with its resource's attributes; ids in lowercase hex. */
    record ReceivedSpan(Map<String, AnyValue> resource, Span span) {

        String service() {
            return resource.get("service.name").getStringValue();
        }

        String traceId() {
            return hex(span.getTraceId());
        }

        String spanId() {
            return hex(span.getSpanId());
        }

        String parentSpanId() {
            return hex(span.getParentSpanId());
        }

        String name() {
            return span.getName();
        }

        Span.SpanKind kind() {
            return span.getKind();
        }

        Optional<AnyValue> attribute(String key) {
            return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst();
        }

        String string(String key) {
            return attribute(key).map(AnyValue::getStringValue).orElse(null);
        }

        Long number(String key) {
            return attribute(key).map(AnyValue::getIntValue).orElse(null);
        }

        Boolean bool(String key) {
            return attribute(key).map(AnyValue::getBoolValue).orElse(null);
        }

        /** "traceId/spanId" of every link. */
        List<String> links() {
            return span.getLinksList().stream().map(link -> hex(link.getTraceId()) + "/" + hex(link.getSpanId())).toList();
        }

        String id() {
            return traceId() + "/" + spanId();
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    /** What OTEL_EXPORTER_OTLP_ENDPOINT should say. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
        return spans.stream().filter(filter).toList();
    }

    /** The headers of every export request received. */
    List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    /** Waits until the spans matching the filter are at least this many (exports are asynchronous outside handlers). */
    List<ReceivedSpan> await(Predicate<ReceivedSpan> filter, int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (spans(filter).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return spans(filter);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
            requestHeaders.add(exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(java.util.Locale.ROOT), Map.Entry::getValue)));
            List<ReceivedSpan> received = new ArrayList<>();
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                Map<String, AnyValue> resource = resourceSpans.getResource().getAttributesList().stream()
                        .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b));
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    scopeSpans.getSpansList().forEach(span -> received.add(new ReceivedSpan(resource, span)));
                }
            }
            spans.addAll(received);
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
