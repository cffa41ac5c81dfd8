package io.eventflow.publish;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventValidator;
import io.eventflow.event.MessageAttributes;
import io.eventflow.telemetry.MessagingSpans;
import io.eventflow.telemetry.PublishSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes events to the SNS topic. Every event is validated against its schema first, so an invalid event never
 * leaves the producer. The body is the CloudEvent; the message attributes {@code type} and {@code event-id} are what
 * subscription filter policies and consumers key on. On a FIFO topic ({@code .fifo}) each event's subject is its
 * message group and its id the deduplication id, so a republished event is dropped by SNS within five minutes.
 *
 * <p>With tracing on, each event is published in a PRODUCER span whose context travels in the message attributes
 * ({@code traceparent}, {@code tracestate} when there is one), which raw delivery copies into every consumer's queue.
 */
public final class EventPublisher {

    /** SNS PublishBatch takes at most this many entries. */
    public static final int MAX_BATCH = 10;
    /** Message attribute holding the event type (subscription filter policies match on it). */
    public static final String TYPE_ATTRIBUTE = MessageAttributes.TYPE;
    /** Message attribute holding the event id. */
    public static final String EVENT_ID_ATTRIBUTE = MessageAttributes.EVENT_ID;
    /** SNS and SQS carry at most this many message attributes; propagation headers beyond it are left out. */
    public static final int MAX_ATTRIBUTES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final SnsClient sns;
    private final String topicArn;
    private final EventValidator validator;
    private final EventCodec codec;
    private final boolean fifo;
    private final MessagingSpans tracing;

    private EventPublisher(Builder builder) {
        this.sns = Objects.requireNonNull(builder.sns, "snsClient");
        this.topicArn = Objects.requireNonNull(builder.topicArn, "topicArn");
        this.validator = Objects.requireNonNull(builder.validator, "validator");
        this.codec = builder.codec != null ? builder.codec : new EventCodec();
        this.fifo = topicArn.endsWith(".fifo");
        this.tracing = new MessagingSpans(builder.openTelemetry);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates and publishes one event.
     *
     * @return the SNS message id
     * @throws io.eventflow.event.InvalidEventException naming every field that breaks the schema; nothing is sent
     */
    public String publish(Event event) {
        validator.validate(event);
        PublishSpan span = tracing.startPublish(topicArn, event);
        try (Scope _ = span.makeCurrent()) {
            String messageId = sns.publish(request -> {
                        request.topicArn(topicArn).message(codec.encode(event)).messageAttributes(attributes(event, span));
                        if (fifo) {
                            request.messageGroupId(groupOf(event)).messageDeduplicationId(event.id());
                        }
                    }).messageId();
            span.published(messageId);
            return messageId;
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        }
    }

    /**
     * Validates every event, then publishes them in batches of {@value #MAX_BATCH}. Nothing is sent if any event is
     * invalid.
     *
     * @return SNS message ids, in the order of the events
     * @throws PublishException if SNS refused some entries; it names them, the others were published
     */
    public List<String> publishAll(List<Event> events) {
        events.forEach(validator::validate);
        List<String> messageIds = new ArrayList<>(events.size());
        List<String> refused = new ArrayList<>();
        for (int start = 0; start < events.size(); start += MAX_BATCH) {
            List<Event> chunk = events.subList(start, Math.min(events.size(), start + MAX_BATCH));
            List<PublishBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            PublishSpan[] spans = new PublishSpan[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                Event event = chunk.get(i);
                spans[i] = tracing.startPublish(topicArn, event);
                PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .message(codec.encode(event))
                        .messageAttributes(attributes(event, spans[i]));
                if (fifo) {
                    entry.messageGroupId(groupOf(event)).messageDeduplicationId(event.id());
                }
                entries.add(entry.build());
            }
            PublishBatchResponse response;
            try {
                response = sns.publishBatch(request -> request.topicArn(topicArn).publishBatchRequestEntries(entries));
            } catch (RuntimeException e) {
                for (PublishSpan span : spans) {
                    span.failed(e);
                }
                throw e;
            }
            String[] ids = new String[chunk.size()];
            response.successful().forEach(ok -> ids[Integer.parseInt(ok.id())] = ok.messageId());
            for (BatchResultErrorEntry error : response.failed()) {
                refused.add(chunk.get(Integer.parseInt(error.id())).id() + " (" + error.code() + ": " + error.message() + ")");
                spans[Integer.parseInt(error.id())].failed(error.code() + ": " + error.message());
            }
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != null) {
                    spans[i].published(ids[i]);
                }
                // A refused entry has no message id: it keeps its slot, empty, so ids stay aligned with events.
                messageIds.add(ids[i] == null ? "" : ids[i]);
            }
        }
        if (!refused.isEmpty()) {
            throw new PublishException("SNS refused " + refused.size() + " of " + events.size() + " events: " + refused);
        }
        return messageIds;
    }

    /**
     * The FIFO message group: the event's subject (the aggregate it is about), so one order's or account's events
     * keep their order while others go in parallel; the type when there is no subject.
     */
    private static String groupOf(Event event) {
        return event.subject() != null ? event.subject() : event.type();
    }

    /** The routing attributes, then the trace context's, as many as fit in {@value #MAX_ATTRIBUTES}. */
    private static Map<String, MessageAttributeValue> attributes(Event event, PublishSpan span) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(TYPE_ATTRIBUTE, string(event.type()));
        attributes.put(EVENT_ID_ATTRIBUTE, string(event.id()));
        span.headers().forEach((name, value) -> {
            if (attributes.size() < MAX_ATTRIBUTES) {
                attributes.put(name, string(value));
            } else {
                LOG.warn("{}: trace header {} left out: SNS carries at most {} message attributes", event, name, MAX_ATTRIBUTES);
            }
        });
        return attributes;
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Builder for {@link EventPublisher}. */
    public static final class Builder {
        private SnsClient sns;
        private String topicArn;
        private EventValidator validator;
        private EventCodec codec;
        private OpenTelemetry openTelemetry = OpenTelemetry.noop();

        private Builder() {}

        /** Publishes each event in a PRODUCER span and sends its context along; none by default. */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry);
            return this;
        }

        public Builder snsClient(SnsClient sns) {
            this.sns = sns;
            return this;
        }

        public Builder topicArn(String topicArn) {
            this.topicArn = topicArn;
            return this;
        }

        public Builder validator(EventValidator validator) {
            this.validator = validator;
            return this;
        }

        public Builder codec(EventCodec codec) {
            this.codec = codec;
            return this;
        }

        public EventPublisher build() {
            return new EventPublisher(this);
        }
    }
}
