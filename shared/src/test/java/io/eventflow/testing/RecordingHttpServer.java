package io.eventflow.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An HTTP server on the loopback that answers 200 to everything and keeps each request whole (a collector stand-in). */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request: header names in lowercase, each with its first value. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public RecordingHttpServer() throws IOException {
        this(new int[0]);
    }

    /** A server that answers its first requests with these statuses, in order, and 200 after them. */
    public RecordingHttpServer(int... firstStatuses) throws IOException {
        Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
        for (int status : firstStatuses) {
            statuses.add(status);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                        .collect(Collectors.toMap(entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> entry.getValue().getFirst()));
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), headers, body));
                Integer status = statuses.poll();
                exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            }
        });
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:43121}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
