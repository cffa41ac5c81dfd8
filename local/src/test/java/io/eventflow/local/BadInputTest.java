package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.analytics.DailyTypeCounter;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Every kind of bad input, put straight into a consumer's queue next to good events: each bad one ends in the
 * consumer's dead-letter queue after exactly one receive, with the reason that fits, and the good ones are unaffected.
 */
@ExtendWith(AwsEmulatorExtension.class)
class BadInputTest {

    private static final EventCodec CODEC = new EventCodec();
    /** SNS's and SQS's classic message size limit. */
    private static final int SIZE_LIMIT = 256 * 1024;

    @Test
    void eachBadInputIsDeadLetteredOnceWithItsReasonAndNothingElseIsAffected(AwsEmulator emulator) {
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            String queue = runner.stack().ref("AnalyticsQueue");
            Event good = fresh("order.created");
            Event reused = fresh("deposit.made");
            send(runner, queue, CODEC.encode(good), attributes(good));
            send(runner, queue, CODEC.encode(reused), attributes(reused));
            assertThat(runner.awaitDrained(Duration.ofSeconds(20))).isTrue();

            Map<String, String> expectedReasons = new LinkedHashMap<>();
            Event shipped = fresh("order.shipped");
            String validBody = CODEC.encode(shipped);

            expectedReasons.put(send(runner, queue, "{\"specversion\": \"1.0\", \"id\": ", Map.of()), DeadLetterReason.MALFORMED.code());
            expectedReasons.put(send(runner, queue, "{\"order_id\": \"ord_1\", \"total\": \"9.99\"}", Map.of()), DeadLetterReason.MALFORMED.code());
            expectedReasons.put(send(runner, queue, validBody.replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\""),
                    attributes(shipped)), DeadLetterReason.MALFORMED.code());

            Event invalid = withData(fresh("order.shipped"), data -> data.remove("tracking_number"));
            expectedReasons.put(send(runner, queue, CODEC.encode(invalid), attributes(invalid)), DeadLetterReason.SCHEMA_INVALID.code());

            Event unknown = fresh("order.shipped").toBuilder().type("order.teleported").dataSchema(null).build();
            expectedReasons.put(send(runner, queue, CODEC.encode(unknown), attributes(unknown)), DeadLetterReason.UNKNOWN_TYPE.code());

            Event unrouted = fresh("user.signed_up");
            expectedReasons.put(send(runner, queue, CODEC.encode(unrouted), Map.of()), DeadLetterReason.ATTRIBUTE_MISMATCH.code());

            Event huge = atSizeLimit(fresh("order.created"));
            String hugeBody = CODEC.encode(huge);
            assertThat(hugeBody.getBytes(StandardCharsets.UTF_8)).hasSize(SIZE_LIMIT);
            expectedReasons.put(send(runner, queue, hugeBody, attributes(huge)), DeadLetterReason.SCHEMA_INVALID.code());

            Event conflicting = withData(reused, data -> data.put("amount", "999.00"));
            expectedReasons.put(send(runner, queue, CODEC.encode(conflicting), attributes(conflicting)), DeadLetterReason.PAYLOAD_CONFLICT.code());

            // SQS carries text: invalid UTF-8 reaches a consumer as replacement characters, never as raw bytes.
            byte[] broken = validBody.getBytes(StandardCharsets.UTF_8);
            broken[validBody.indexOf("\"data\"") + 1] = (byte) 0xC3;
            broken[validBody.indexOf("\"data\"") + 2] = (byte) 0x28;
            expectedReasons.put(send(runner, queue, new String(broken, StandardCharsets.UTF_8), attributes(shipped)),
                    DeadLetterReason.MALFORMED.code());

            Event after = fresh("withdrawal.made");
            send(runner, queue, CODEC.encode(after), attributes(after));

            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
            List<Message> deadLetters = drain(runner, runner.stack().ref("AnalyticsDeadLetterQueue"), expectedReasons.size());

            Map<String, String> actualReasons = new HashMap<>();
            for (Message letter : deadLetters) {
                Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
                assertThat(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).as("receives").isEqualTo("1");
                assertThat(attributes.get(DeadLetterReason.CONSUMER_ATTRIBUTE).stringValue()).isEqualTo("analytics");
                assertThat(attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue()).isNotBlank();
                actualReasons.put(letter.body(), attributes.get(DeadLetterReason.ATTRIBUTE).stringValue());
            }
            assertThat(actualReasons).containsExactlyInAnyOrderEntriesOf(expectedReasons);

            assertThat(runner.counters().get("analytics").processed()).isEqualTo(3);
            assertThat(runner.counters().get("analytics").deadLettered()).isEqualTo(expectedReasons.size());
            for (Event counted : List.of(good, reused, after)) {
                assertThat(count(runner, DailyTypeCounter.keyOf(counted))).as(counted.type()).isEqualTo(1);
            }
        }
    }

    /** Sends a message straight to the queue, as a misbehaving producer could; returns its body. */
    private static String send(LocalRunner runner, String queueUrl, String body, Map<String, MessageAttributeValue> attributes) {
        runner.clients().sqs().sendMessage(request -> request.queueUrl(queueUrl).messageBody(body).messageAttributes(attributes));
        return body;
    }

    private static Map<String, MessageAttributeValue> attributes(Event event) {
        return Map.of(
                "type", MessageAttributeValue.builder().dataType("String").stringValue(event.type()).build(),
                "event-id", MessageAttributeValue.builder().dataType("String").stringValue(event.id()).build());
    }

    private static Event fresh(String type) {
        return TestStacks.example(type).toBuilder().id(null).build();
    }

    private static Event withData(Event event, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode data = (ObjectNode) event.data();
        change.accept(data);
        return event.toBuilder().data(data).build();
    }

    /** The event padded with a property its schema does not allow until its JSON is exactly at the size limit. */
    private static Event atSizeLimit(Event event) {
        Event padded = withData(event, data -> data.put("padding", ""));
        int missing = SIZE_LIMIT - CODEC.encode(padded).getBytes(StandardCharsets.UTF_8).length;
        return withData(event, data -> data.put("padding", "x".repeat(missing)));
    }

    private static List<Message> drain(LocalRunner runner, String queueUrl, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < expected; attempt++) {
            List<Message> batch = runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            messages.addAll(batch);
        }
        assertThat(runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                .as("nothing else in the dead-letter queue").isEmpty();
        return messages;
    }

    private static long count(LocalRunner runner, String key) {
        Map<String, AttributeValue> item = runner.clients().dynamoDb().getItem(request -> request
                .tableName(runner.stack().ref("AnalyticsTable")).key(Map.of("pk", AttributeValue.fromS(key)))).item();
        return item.isEmpty() ? 0 : Long.parseLong(item.get("count").n());
    }
}
