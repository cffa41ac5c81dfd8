package io.eventflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Talks to an emulator's own control API: sent mail read-back and state reset. */
final class EmulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmulatorControl() {}

    /** moto keeps every backend's models under {@code /moto-api/data.json}; SES v1 and v2 share {@code ses.Message}. */
    static List<SentEmail> fromMoto(URI endpoint) {
        JsonNode messages = get(endpoint.resolve("/moto-api/data.json")).path("ses").path("Message");
        List<SentEmail> emails = new ArrayList<>();
        for (JsonNode message : messages) {
            emails.add(new SentEmail(
                    message.path("source").asText(),
                    texts(message.path("destinations").path("ToAddresses")),
                    message.path("subject").asText(),
                    message.path("body").asText()));
        }
        return emails;
    }

    /** LocalStack exposes sent mail under {@code /_aws/ses}. */
    static List<SentEmail> fromLocalStack(URI endpoint) {
        JsonNode messages = get(endpoint.resolve("/_aws/ses")).path("messages");
        List<SentEmail> emails = new ArrayList<>();
        for (JsonNode message : messages) {
            emails.add(new SentEmail(
                    message.path("Source").asText(),
                    texts(message.path("Destination").path("ToAddresses")),
                    message.path("Subject").asText(),
                    message.path("Body").path("text_part").asText()));
        }
        return emails;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static JsonNode get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return JSON.createObjectNode();
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sent emails from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading sent emails from " + uri, e);
        }
    }

    /** POSTs to an emulator's control URL, for resets. */
    static void post(URI uri) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(uri + " answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + uri, e);
        }
    }
}
