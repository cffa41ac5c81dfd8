package io.eventflow.snapstart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.ReadVersions;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The priming batch: the bundled examples of the types a consumer reads, as Lambda delivers SQS records, stamped now. */
class PrimingBatchTest {

    private static final Instant NOW = Instant.parse("2031-05-04T10:15:30Z");
    private final EventTypeRegistry registry = EventTypeRegistry.fromClasspath();
    private final EventCodec codec = new EventCodec();

    @Test
    void aConsumerThatDeclaresItsTypesGetsAnExampleOfEachVersionOfThoseTypesOnly() {
        ReadVersions reads = ReadVersions.builder().reads("order.shipped", 2).reads("user.signed_up", 1).build();

        SQSEvent batch = PrimingBatch.of(registry, reads, "eu-west-1", "notifier", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(batch.getRecords()).extracting(record -> codec.decode(record.getBody()).type() + " " + codec.decode(record.getBody()).dataSchema())
                .containsExactlyInAnyOrder(
                        "order.shipped " + EventTypeRegistry.schemaUri("order.shipped", 1),
                        "order.shipped " + EventTypeRegistry.schemaUri("order.shipped", 2),
                        "user.signed_up " + EventTypeRegistry.schemaUri("user.signed_up", 1));
    }

    @Test
    void eachRecordIsShapedAsLambdaDeliversItAndItsEventIsStampedNow() {
        SQSEvent batch = PrimingBatch.of(registry, ReadVersions.asWritten(), "eu-west-1", "analytics", Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(batch.getRecords()).hasSizeGreaterThanOrEqualTo(registry.types().size()).allSatisfy(record -> {
            var event = codec.decode(record.getBody());
            assertThat(event.time()).isEqualTo(NOW);
            assertThat(record.getMessageAttributes().get("type").getStringValue()).isEqualTo(event.type());
            assertThat(record.getMessageAttributes().get("event-id").getStringValue()).isEqualTo(event.id());
            assertThat(record.getMessageAttributes().get("traceparent").getStringValue()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
            assertThat(record.getEventSourceArn()).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:analytics");
        });
        assertThat(batch.getRecords()).extracting(SQSEvent.SQSMessage::getMessageId).doesNotHaveDuplicates();
    }
}
