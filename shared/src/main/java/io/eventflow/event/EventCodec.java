package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * Reads and writes {@link Event}s as CloudEvents 1.0 structured-mode JSON (the body of every SNS and SQS message),
 * through the CloudEvents SDK. Thread-safe; build one and share it.
 */
public final class EventCodec {

    private final JsonFormat format = new JsonFormat();
    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public EventCodec() {
        this(new ObjectMapper());
    }

    /** The event as one line of CloudEvents JSON. */
    public String encode(Event event) {
        CloudEvent cloudEvent = CloudEventBuilder.v1()
                .withId(event.id())
                .withSource(event.source())
                .withType(event.type())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withSubject(event.subject())
                .withDataSchema(event.dataSchema())
                .withDataContentType(Event.JSON_CONTENT_TYPE)
                .withData(JsonCloudEventData.wrap(event.data()))
                .build();
        return new String(format.serialize(cloudEvent), StandardCharsets.UTF_8);
    }

    /**
     * Parses one CloudEvent.
     *
     * @throws MalformedEventException when the text is not JSON, not a CloudEvents 1.0 event, or lacks the attributes
     *     eventflow relies on (time, JSON data)
     */
    public Event decode(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedEventException("empty message body: expected a CloudEvents 1.0 JSON event");
        }
        CloudEvent cloudEvent;
        try {
            cloudEvent = format.deserialize(text.getBytes(StandardCharsets.UTF_8));
        } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
            throw new MalformedEventException("not a CloudEvents 1.0 JSON event: " + rootMessage(e), e);
        }
        if (cloudEvent.getSpecVersion() != SpecVersion.V1) {
            throw new MalformedEventException("CloudEvent " + cloudEvent.getId() + " has specversion "
                    + cloudEvent.getSpecVersion() + "; eventflow reads CloudEvents 1.0");
        }
        if (isBlank(cloudEvent.getId()) || isBlank(cloudEvent.getType())) {
            throw new MalformedEventException("CloudEvent attributes 'id' and 'type' must be non-empty strings");
        }
        if (cloudEvent.getTime() == null) {
            throw new MalformedEventException("CloudEvent " + cloudEvent.getId() + " has no 'time' attribute");
        }
        if (cloudEvent.getDataContentType() != null && !cloudEvent.getDataContentType().startsWith(Event.JSON_CONTENT_TYPE)) {
            throw new MalformedEventException("CloudEvent " + cloudEvent.getId() + " has datacontenttype '"
                    + cloudEvent.getDataContentType() + "'; eventflow events carry application/json data");
        }
        return Event.builder()
                .id(cloudEvent.getId())
                .source(cloudEvent.getSource())
                .type(cloudEvent.getType())
                .time(cloudEvent.getTime().toInstant())
                .subject(cloudEvent.getSubject())
                .dataSchema(cloudEvent.getDataSchema())
                .data(dataOf(cloudEvent))
                .build();
    }

    private JsonNode dataOf(CloudEvent cloudEvent) {
        CloudEventData data = cloudEvent.getData();
        if (data == null) {
            throw new MalformedEventException("CloudEvent " + cloudEvent.getId() + " has no data");
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        try {
            return mapper.readTree(data.toBytes());
        } catch (IOException e) {
            throw new MalformedEventException("CloudEvent " + cloudEvent.getId() + " data is not JSON", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
