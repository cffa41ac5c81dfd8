package io.eventflow.local.traces;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Sends received spans on to a Zipkin server's collector, {@code POST /api/v2/spans}, as Zipkin v2 JSON. */
public final class ZipkinForwarder implements SpanSink {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI spansEndpoint;
    private final HttpClient http;

    /** @param zipkin the Zipkin server's base URL, as {@link ZipkinServer#baseUrl()} */
    public ZipkinForwarder(URI zipkin, HttpClient http) {
        this.spansEndpoint = Objects.requireNonNull(zipkin).resolve("/api/v2/spans");
        this.http = Objects.requireNonNull(http);
    }

    /** @throws ZipkinException when Zipkin does not accept them */
    @Override
    public void accept(List<ReceivedSpan> spans) {
        if (spans.isEmpty()) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(spansEndpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ZipkinSpans.toJson(spans)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ZipkinException("Cannot send " + spans.size() + " spans to " + spansEndpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZipkinException("Interrupted sending spans to " + spansEndpoint, e);
        }
        // Zipkin answers 202 Accepted once the spans are decoded.
        if (response.statusCode() / 100 != 2) {
            throw new ZipkinException("Zipkin refused " + spans.size() + " spans (HTTP " + response.statusCode() + "): " + response.body());
        }
    }
}
