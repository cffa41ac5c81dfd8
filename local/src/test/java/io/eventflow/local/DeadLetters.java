package io.eventflow.local;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.publish.EventPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Test fixture: dead-lettered messages put straight into a queue, as a consumer or SQS would leave them. */
final class DeadLetters {

    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private DeadLetters() {}

    /** The attributes a published event carries: type, event-id, traceparent. */
    static Map<String, String> eventAttributes(Event event) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(EventPublisher.TYPE_ATTRIBUTE, event.type());
        attributes.put(EventPublisher.EVENT_ID_ATTRIBUTE, event.id());
        attributes.put("traceparent", TRACEPARENT);
        return attributes;
    }

    /** An event's attributes plus what a consumer writes when it dead-letters it. */
    static Map<String, String> deadLettered(Event event, DeadLetterReason reason, String error) {
        Map<String, String> attributes = eventAttributes(event);
        attributes.put(DeadLetterReason.ATTRIBUTE, reason.code());
        attributes.put(DeadLetterReason.ERROR_ATTRIBUTE, error);
        attributes.put(DeadLetterReason.CONSUMER_ATTRIBUTE, "notifier");
        attributes.put(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE, "1");
        attributes.put(DeadLetterReason.FAILED_AT_ATTRIBUTE, "2026-02-11T10:00:00Z");
        return attributes;
    }

    /** A fresh copy of the example event of a type. */
    static Event event(String type) {
        return TestStacks.example(type).toBuilder().id(null).build();
    }

    static String body(Event event) {
        return new EventCodec().encode(event);
    }

    /** Sends a message with string attributes; returns its message id. */
    static String send(SqsClient sqs, String queueUrl, String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).messageAttributes(values)).messageId();
    }

    /** Receives (and so hides) every message of a queue, with all attributes. */
    static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
        List<Message> received = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60).messageSystemAttributeNamesWithStrings("All")
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return received;
            }
            received.addAll(batch);
        }
    }
}
