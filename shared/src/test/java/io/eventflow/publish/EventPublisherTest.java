package io.eventflow.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.InvalidEventException;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

@ExtendWith(AwsEmulatorExtension.class)
class EventPublisherTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final EventValidator VALIDATOR = new EventValidator(EventTypeRegistry.fromClasspath());

    private static AwsClients clients;

    private final RecordingInterceptor requests = new RecordingInterceptor();
    private SnsClient sns;
    private String topicArn;
    private String queueUrl;
    private EventPublisher publisher;

    @BeforeAll
    static void createClients(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    /** A fresh topic with a fresh raw-delivery queue behind it, so every test starts with an empty queue. */
    @BeforeEach
    void createTopicAndSubscribedQueue() {
        topicArn = clients.sns().createTopic(request -> request.name(TestAws.uniqueName("events"))).topicArn();
        queueUrl = TestAws.subscribedQueue(clients, topicArn, TestAws.uniqueName("consumer"));
        // The shared HTTP client, region, credentials and endpoint of AwsClients, plus a request recorder.
        sns = clients.configure(SnsClient.builder()
                .overrideConfiguration(override -> override.addExecutionInterceptor(requests)));
        publisher = EventPublisher.builder().snsClient(sns).topicArn(topicArn).validator(VALIDATOR).build();
    }

    @AfterEach
    void closeSns() {
        sns.close();
    }

    @Test
    void publishSendsExactlyTheCloudEventWithTypeAndIdAttributes() {
        Event event = ExampleEvents.example("order.shipped");

        String messageId = publisher.publish(event);

        assertThat(messageId).isNotBlank();
        assertThat(requests.operations()).containsExactly("Publish");
        List<Message> received = receive(1);
        assertThat(received).hasSize(1);
        Message message = received.getFirst();
        assertThat(CODEC.decode(message.body())).isEqualTo(event);
        assertThat(message.body()).isEqualTo(CODEC.encode(event));
        assertThat(message.messageAttributes()).containsOnlyKeys("type", "event-id");
        assertThat(message.messageAttributes().get("type")).isEqualTo(stringAttribute("order.shipped"));
        assertThat(message.messageAttributes().get("event-id")).isEqualTo(stringAttribute("0194f7a0-1c00-7000-8000-000000000002"));
        assertThat(receive(0)).as("nothing else arrives").isEmpty();
    }

    @Test
    void aTracedPublishSendsItsProducerContextInMessageAttributesThroughSnsToSqs() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (Telemetry telemetry = Telemetry.builder()
                .settings(TracingSettings.fromVariables(Map.of(TracingSettings.OTEL_PROPAGATORS, "tracecontext,baggage,xray")))
                .spanExporter(exporter)
                .build()) {
            EventPublisher traced = EventPublisher.builder().snsClient(sns).topicArn(topicArn).validator(VALIDATOR).openTelemetry(telemetry.openTelemetry()).build();
            // A caller whose context has a tracestate and baggage: both travel with the trace id.
            SpanContext caller = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.builder().put("vendor", "value").build());
            io.opentelemetry.context.Context context = io.opentelemetry.context.Context.root().with(Span.wrap(caller))
                    .with(Baggage.builder().put("tenant", "acme").build());
            Event event = ExampleEvents.example("order.shipped");
            String snsMessageId;
            try (Scope _ = context.makeCurrent()) {
                snsMessageId = traced.publish(event);
            }
            telemetry.flush();

            SpanData producer = exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
            assertThat(producer.getTraceId()).isEqualTo(caller.getTraceId());
            assertThat(producer.getParentSpanId()).isEqualTo(caller.getSpanId());
            Message message = receive(1).getFirst();
            assertThat(message.messageAttributes()).hasSizeLessThanOrEqualTo(EventPublisher.MAX_ATTRIBUTES)
                    .containsOnlyKeys("type", "event-id", "traceparent", "tracestate", "baggage", "X-Amzn-Trace-Id");
            assertThat(message.messageAttributes().get("traceparent"))
                    .isEqualTo(stringAttribute("00-" + producer.getTraceId() + "-" + producer.getSpanId() + "-01"));
            assertThat(message.messageAttributes().get("tracestate")).isEqualTo(stringAttribute("vendor=value"));
            assertThat(message.messageAttributes().get("baggage")).isEqualTo(stringAttribute("tenant=acme"));
            assertThat(message.messageAttributes().get("X-Amzn-Trace-Id").stringValue())
                    .isEqualTo("Root=1-0af76519-16cd43dd8448eb211c80319c;Parent=" + producer.getSpanId() + ";Sampled=1");
            assertThat(producer.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))).isEqualTo(snsMessageId);
            assertThat(producer.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))).isEqualTo(event.id());
            assertThat(exporter.getFinishedSpanItems()).filteredOn(span -> span.getKind() == SpanKind.PRODUCER).hasSize(1);
        }
    }

    @Test
    void publishAllSendsEveryEventInBatchesOfTen() {
        List<Event> events = IntStream.range(0, 23).mapToObj(i -> shipped(i)).toList();

        List<String> messageIds = publisher.publishAll(events);

        assertThat(messageIds).hasSize(23).doesNotContainNull().doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
        assertThat(requests.operations()).containsExactly("PublishBatch", "PublishBatch", "PublishBatch");
        assertThat(requests.batchSizes()).containsExactly(10, 10, 3);

        List<Message> received = receive(23);
        assertThat(received).hasSize(23);
        Map<String, Event> byId = new LinkedHashMap<>();
        for (Message message : received) {
            Event decoded = CODEC.decode(message.body());
            assertThat(message.messageAttributes().get("event-id")).isEqualTo(stringAttribute(decoded.id()));
            assertThat(message.messageAttributes().get("type")).isEqualTo(stringAttribute("order.shipped"));
            byId.put(decoded.id(), decoded);
        }
        assertThat(byId.values()).containsExactlyInAnyOrderElementsOf(events);
        assertThat(receive(0)).as("nothing else arrives").isEmpty();
    }

    @Test
    void anEntrySnsRefusesIsNamedAndTheOthersArePublished() {
        Event ok = shipped(1);
        // The schema bounds every field of the data, so the envelope's subject makes it exceed SNS's 256 KB message limit.
        Event oversized = shipped(2).toBuilder().subject("X".repeat(300_000)).build();

        assertThatThrownBy(() -> publisher.publishAll(List.of(ok, oversized)))
                .isInstanceOf(io.eventflow.publish.PublishException.class)
                .hasMessageContaining(oversized.id())
                .hasMessageNotContaining(ok.id());

        assertThat(receive(1)).singleElement().satisfies(message -> assertThat(CODEC.decode(message.body())).isEqualTo(ok));
    }

    @Test
    void publishAllOfNothingSendsNothing() {
        assertThat(publisher.publishAll(List.of())).isEmpty();

        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void anInvalidEventIsRefusedNamingTheFieldAndNothingIsSent() {
        Event invalid = withoutTrackingNumber(ExampleEvents.example("order.shipped"));

        assertThatThrownBy(() -> publisher.publish(invalid))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("tracking_number")
                .satisfies(e -> assertThat(((InvalidEventException) e).violations())
                        .singleElement()
                        .satisfies(violation -> {
                            assertThat(violation.rule()).isEqualTo("required");
                            assertThat(violation.message()).contains("tracking_number");
                        }));

        assertThat(requests.operations()).as("SNS requests").isEmpty();
        assertThat(receive(0)).isEmpty();
    }

    @Test
    void publishAllWithOneInvalidEventSendsNone() {
        List<Event> events = new ArrayList<>(IntStream.range(0, 12).mapToObj(i -> shipped(i)).toList());
        // In the second batch of ten: a publisher validating batch by batch would already have sent the first.
        events.set(11, withoutTrackingNumber(events.get(11)));

        assertThatThrownBy(() -> publisher.publishAll(events))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(events.get(11).id())
                .hasMessageContaining("tracking_number");

        assertThat(requests.operations()).as("SNS requests").isEmpty();
        assertThat(receive(0)).isEmpty();
    }

    private static Event shipped(int i) {
        Event example = ExampleEvents.example("order.shipped");
        ObjectNode data = (ObjectNode) example.data();
        data.put("order_id", "ord_" + i);
        return example.toBuilder()
                .id(null)
                .subject("ord_" + i)
                .time(Instant.parse("2026-02-11T15:30:00Z").plusSeconds(i))
                .data(data)
                .build();
    }

    private static Event withoutTrackingNumber(Event event) {
        ObjectNode data = (ObjectNode) event.data();
        data.remove("tracking_number");
        return event.toBuilder().data(data).build();
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /**
     * Receives until {@code expected} messages arrived (each counted once) or, when more never come, a short wait
     * ran out; with {@code expected == 0} it checks the queue is empty.
     */
    private List<Message> receive(int expected) {
        Map<String, Message> received = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 1 : 10).toNanos();
        do {
            List<Message> batch = clients.sqs().receiveMessage(request -> request
                            .queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(expected == 0 ? 1 : 0)
                            .visibilityTimeout(60)
                            .messageAttributeNames("All"))
                    .messages();
            batch.forEach(message -> received.putIfAbsent(message.messageId(), message));
        } while ((expected == 0 || received.size() < expected) && System.nanoTime() < deadline);
        return new ArrayList<>(received.values());
    }

    /** Records the SNS operations a client sends and the size of each PublishBatch. */
    private static final class RecordingInterceptor implements ExecutionInterceptor {
        private final List<String> operations = new CopyOnWriteArrayList<>();
        private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof PublishBatchRequest batch) {
                operations.add("PublishBatch");
                batchSizes.add(batch.publishBatchRequestEntries().size());
            } else if (request instanceof PublishRequest) {
                operations.add("Publish");
            } else {
                operations.add(request.getClass().getSimpleName());
            }
        }

        List<String> operations() {
            return List.copyOf(operations);
        }

        List<Integer> batchSizes() {
            return List.copyOf(batchSizes);
        }
    }
}
