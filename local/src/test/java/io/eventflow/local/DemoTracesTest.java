package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.local.traces.LocalTracing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --traces} and {@code up --traces}: the functions are pointed at the runner's OTLP receiver, and the
 * demo reports, per published event, the traces that name it, each as Zipkin holds it. (Spans appear once the
 * functions export them, issue 4; until then every event's entry says 0 spans.)
 */
@ExtendWith(AwsEmulatorExtension.class)
class DemoTracesTest {

    private static LocalTracing tracing;

    @BeforeAll
    static void startTracing() {
        tracing = LocalTracing.start(TestStacks.projectRoot());
    }

    @AfterAll
    static void stopTracing() {
        tracing.close();
    }

    @Test
    void theDemoReportsEveryPublishedEventsTracesAsZipkinHoldsThem(AwsEmulator emulator) throws Exception {
        List<Event> examples = Demo.examples(TestStacks.projectRoot().resolve("events/examples"));
        List<String> eventIds = examples.stream().map(Event::id).distinct().toList();

        DemoReport report = new Demo(emulator, TestStacks.projectRoot(), tracing).run();
        JsonNode json = new ObjectMapper().readTree(report.toJson());

        assertThat(json.path("drained").asBoolean()).isTrue();
        JsonNode traces = json.path("traces");
        List<String> reported = new ArrayList<>();
        traces.forEach(trace -> reported.add(trace.path("event_id").asText()));
        assertThat(new TreeSet<>(reported)).as("every published event, each with its traces").isEqualTo(new TreeSet<>(eventIds));
        for (JsonNode trace : traces) {
            if (trace.path("trace_id").isNull()) {
                assertThat(trace.path("spans").asInt()).isZero();
                assertThat(trace.path("services")).isEmpty();
                assertThat(trace.path("zipkin_url").isNull()).isTrue();
                continue;
            }
            String traceId = trace.path("trace_id").asText();
            List<JsonNode> inZipkin = tracing.zipkin().trace(traceId);
            assertThat(inZipkin).as("trace %s in Zipkin", traceId).hasSize(trace.path("spans").asInt());
            TreeSet<String> services = new TreeSet<>();
            inZipkin.forEach(span -> services.add(span.path("localEndpoint").path("serviceName").asText()));
            List<String> reportedServices = new ArrayList<>();
            trace.path("services").forEach(service -> reportedServices.add(service.asText()));
            assertThat(reportedServices).containsExactlyElementsOf(services);
            assertThat(trace.path("zipkin_url").asText()).isEqualTo(tracing.zipkin().traceUrl(traceId).toString());
            // Each publish's trace holds the publish and every consumer the event's type is routed to.
            String type = examples.stream().filter(event -> event.id().equals(trace.path("event_id").asText())).findFirst().orElseThrow().type();
            assertThat(reportedServices).as("trace %s of %s", traceId, type).containsAll(expectedServices(type));
        }
        assertThat(report.toText()).contains("traces (Zipkin: " + tracing.zipkin().uiUrl() + "):");
    }

    /** The publisher, and each consumer whose subscription takes the type (as template.yaml filters). */
    private static List<String> expectedServices(String type) {
        List<String> services = new ArrayList<>(List.of("eventflow-publisher", "eventflow-analytics", "eventflow-archiver"));
        if (io.eventflow.notifier.NotificationEmails.TYPES.contains(type)) {
            services.add("eventflow-notifier");
        }
        if (io.eventflow.ledger.AccountEntry.TYPES.contains(type)) {
            services.add("eventflow-ledger");
        }
        return services;
    }

    @Test
    void aSessionWithTracesPointsEveryFunctionsOtlpExporterAtTheReceiver(AwsEmulator emulator, @TempDir Path dir) {
        String stackName = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (LocalSession session = LocalSession.start(emulator, TestStacks.projectRoot(), dir.resolve("session.json"), stackName,
                tracing.exporterEnvironment())) {
            assertThat(session.runner().stack().functions()).isNotEmpty().allSatisfy(function -> assertThat(function.environment())
                    .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", tracing.otlpEndpoint().toString())
                    .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
            assertThat(session.session().otlpEndpoint()).as("recorded for ./eventflow publish").isEqualTo(tracing.otlpEndpoint());
        }
        assertThat(tracing.summary()).contains(tracing.zipkin().uiUrl().toString()).contains(tracing.otlpEndpoint() + "/v1/traces");
    }
}
