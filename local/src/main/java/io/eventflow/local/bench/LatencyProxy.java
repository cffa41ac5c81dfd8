package io.eventflow.local.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the emulator that holds every request for a fixed latency before forwarding it,
 * and SES requests for longer: what AWS round trips cost a function, which the emulator on the same machine does not.
 * The Host header is forwarded as sent, so SigV4 signatures stay valid. Each request runs on its own virtual thread.
 */
final class LatencyProxy implements AutoCloseable {

    /** Headers the JDK client sets itself (Host is allowed through by {@link #allowHostHeader}). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "upgrade", "keep-alive",
            "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client;
    private final URI target;
    private final Duration latency;
    private final Duration sesExtra;
    private final AtomicInteger requests = new AtomicInteger();

    private LatencyProxy(URI target, Duration latency, Duration sesExtra) throws IOException {
        this.target = target;
        this.latency = latency;
        this.sesExtra = sesExtra;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    /**
     * Starts a proxy to {@code target} adding {@code latency} to every request and {@code sesExtra} more to SES ones.
     * Sets {@code jdk.httpclient.allowRestrictedHeaders=host} for this JVM (the JDK client refuses a Host header
     * otherwise), which must happen before the JDK HTTP client is first used.
     */
    static LatencyProxy start(URI target, Duration latency, Duration sesExtra) throws IOException {
        allowHostHeader();
        return new LatencyProxy(target, latency, sesExtra);
    }

    private static void allowHostHeader() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int requests() {
        return requests.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), body.length == 0 && !hasBody(exchange)
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            boolean ses = false;
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("authorization")) {
                    ses = header.getValue().stream().anyMatch(value -> value.contains("/ses/aws4_request"));
                }
                if (!NOT_FORWARDED.contains(name)) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            Thread.sleep(ses ? latency.plus(sesExtra) : latency);
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] payload = response.body();
            exchange.sendResponseHeaders(response.statusCode(), payload.length == 0 ? -1 : payload.length);
            if (payload.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(payload);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasBody(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey("Content-Length") || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
