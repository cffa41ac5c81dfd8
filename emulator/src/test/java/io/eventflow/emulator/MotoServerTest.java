package io.eventflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MotoServerTest {

    @Test
    void startsOnLoopbackAnswersAndStops() throws Exception {
        URI endpoint;
        try (AwsEmulator moto = MotoServer.start(AwsEmulators.ProjectLayout.locate())) {
            endpoint = moto.endpoint();
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(status(endpoint.resolve("/moto-api/"))).isEqualTo(200);
            assertThat(moto.sentEmails()).isEmpty();
            moto.reset();
        }
        assertThat(reachable(endpoint)).as("server stopped on close").isFalse();
    }

    private static int status(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean reachable(URI uri) {
        try {
            status(uri);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
