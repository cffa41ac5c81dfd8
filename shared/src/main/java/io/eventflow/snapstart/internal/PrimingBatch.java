package io.eventflow.snapstart.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.ReadVersions;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.MessageAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The batch a function is primed with: the example events bundled in the shared jar ({@code events/examples/}, one
 * per type and version) of the types the consumer reads, each in an SQS record shaped as Lambda delivers it, with a
 * trace context, stamped with the current time so that the event time window admits them whatever their date.
 */
final class PrimingBatch {

    private static final String EXAMPLES = "eventflow/examples/";
    private static final String TRACEPARENT = "00-" + "0af7651916cd43dd8448eb211c80319c" + "-" + "b7ad6b7169203331" + "-01";

    private PrimingBatch() {}

    /**
     * @param queueName the name the records' {@code eventSourceARN} gives their queue (never called: the happy path
     *     looks no queue up)
     */
    static SQSEvent of(EventTypeRegistry registry, ReadVersions reads, String region, String queueName, Clock clock) {
        EventCodec codec = new EventCodec();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String type : registry.catalog().types().keySet()) {
            if (!reads.readsAsWritten() && reads.newest(type).isEmpty()) {
                continue;
            }
            for (int version : registry.versions(type).keySet()) {
                String example = example(version == 1 ? type + ".json" : type + ".v" + version + ".json");
                if (example != null) {
                    Event event = codec.decode(example).toBuilder().time(clock.instant()).build();
                    records.add(record(codec.encode(event), event, region, queueName, records.size(), clock));
                }
            }
        }
        SQSEvent batch = new SQSEvent();
        batch.setRecords(records);
        return batch;
    }

    private static SQSEvent.SQSMessage record(String body, Event event, String region, String queueName, int index, Clock clock) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("eventflow-priming-" + index);
        message.setReceiptHandle("eventflow-priming-" + index);
        message.setBody(body);
        String now = Long.toString(clock.millis());
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", now, "ApproximateFirstReceiveTimestamp", now,
                "SenderId", "eventflow-priming"));
        message.setMessageAttributes(Map.of(
                MessageAttributes.TYPE, attribute(event.type()),
                MessageAttributes.EVENT_ID, attribute(event.id()),
                MessageAttributes.TRACEPARENT, attribute(TRACEPARENT)));
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:" + region + ":000000000000:" + queueName);
        message.setAwsRegion(region);
        return message;
    }

    private static SQSEvent.MessageAttribute attribute(String value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(value);
        return attribute;
    }

    private static String example(String name) {
        try (InputStream in = PrimingBatch.class.getClassLoader().getResourceAsStream(EXAMPLES + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
