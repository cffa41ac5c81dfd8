package io.eventflow.local.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Zipkin server the build resolves starts on the loopback, answers, and stops with close(). */
class ZipkinServerTest {

    private static final Path JAR = Path.of(System.getProperty("eventflow.root", "..")).resolve(ZipkinServer.JAR);

    @Test
    void startsHealthyOnTheLoopbackAndStopsOnClose() throws Exception {
        URI health;
        try (HttpClient http = HttpClient.newHttpClient()) {
            try (ZipkinServer zipkin = ZipkinServer.builder().jar(JAR).httpClient(http).start()) {
                health = zipkin.baseUrl().resolve("/health");
                assertThat(zipkin.baseUrl().getHost()).isEqualTo("127.0.0.1");
                assertThat(http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("\"UP\"");
                assertThat(http.send(HttpRequest.newBuilder(zipkin.uiUrl()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as("the UI").isEqualTo(200);
                assertThat(zipkin.trace("0af7651916cd43dd8448eb211c80319c")).as("an unknown trace").isEmpty();
            }
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()))
                    .as("stopped").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aMissingJarIsReportedWithHowToBuildIt(@TempDir Path dir) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> ZipkinServer.builder().jar(dir.resolve("zipkin.jar")).httpClient(http).start())
                    .isInstanceOf(ZipkinException.class).hasMessageContaining("./mvnw -pl local -am package");
        }
    }
}
