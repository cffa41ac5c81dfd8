package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.DeadLetterReason;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.SentEmail;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.internal.PlatformLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Issue 12's property end to end, with IAM enforced: generated hostile messages go straight into every consumer's
 * queue beside good events; each consumer either processes a message or dead-letters it after its one receive with a
 * documented reason (never a retry), and the good events are counted exactly once.
 */
@ExtendWith(AwsEmulatorExtension.class)
class HostileInputTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final List<String> ALL_TYPES = List.of("order.created", "order.shipped", "user.signed_up",
            "account.opened", "deposit.made", "withdrawal.made");
    /** The types each consumer's subscription lets through (template.yaml's filter policies). */
    private static final Map<String, List<String>> SUBSCRIBED = Map.of(
            "analytics", ALL_TYPES,
            "ledger", List.of("account.opened", "deposit.made", "withdrawal.made"),
            "notifier", List.of("order.shipped", "user.signed_up"),
            "archiver", ALL_TYPES);

    @Test
    void everyHostileMessageIsProcessedOrDeadLetteredOnItsFirstReceiveAndTheGoodOnesCountOnce(AwsEmulator emulator)
            throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Random random = new Random(12);
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            Map<String, Long> sent = new HashMap<>();
            for (String consumer : SUBSCRIBED.keySet()) {
                List<String> types = SUBSCRIBED.get(consumer);
                String queue = runner.stack().ref(queueRef(consumer, "Queue"));
                List<Message> messages = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    messages.add(hostile(random, fresh(types.get(random.nextInt(types.size())))));
                }
                messages.add(good(fresh(types.getFirst()).toBuilder().time(Instant.now()).build()));
                for (Message message : messages) {
                    runner.clients().sqs().sendMessage(request -> request.queueUrl(queue)
                            .messageBody(message.body()).messageAttributes(message.messageAttributes()));
                }
                sent.put(consumer, (long) messages.size());
            }
            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();

            for (String consumer : SUBSCRIBED.keySet()) {
                var counters = runner.counters().get(consumer);
                assertThat(counters.failed()).as("%s retried nothing", consumer).isZero();
                assertThat(counters.received()).as("%s received each message once", consumer).isEqualTo(sent.get(consumer));
                assertThat(counters.processed() + counters.deadLettered()).as(consumer).isEqualTo(sent.get(consumer));
                List<Message> letters = drain(runner, runner.stack().ref(queueRef(consumer, "DeadLetterQueue")));
                assertThat(letters).as("%s's dead letters", consumer).hasSize((int) counters.deadLettered());
                for (Message letter : letters) {
                    Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
                    assertThat(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).isEqualTo("1");
                    String reason = attributes.get(DeadLetterReason.ATTRIBUTE).stringValue();
                    assertThat(readme).as("README documents %s", reason).contains("| `" + reason + "` |");
                }
            }
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            Map<String, AttributeValue> item = runner.clients().dynamoDb().getItem(request -> request
                    .tableName(runner.stack().ref("AnalyticsTable"))
                    .key(Map.of("pk", AttributeValue.fromS("order.created#" + today)))).item();
            assertThat(item.get("count").n()).as("the good order.created counted once").isEqualTo("1");
        }
    }

    /**
     * Events valid by their schema that the notifier could not send as written (an address SES refuses, a name that
     * would break the subject line) are dead-lettered by its admission rule on their first receive, naming the field,
     * while the good sign-up beside them is emailed once; the other consumers process all three (the sign-ups happened).
     */
    @Test
    void aSchemaValidEventSesWouldRefuseIsDeadLetteredByTheNotifierOnItsFirstReceiveAndTheGoodOneEmailedOnce(AwsEmulator emulator)
            throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Event unicodeAddress = signUp("üser-" + run + "@example.com", "Robin " + run);
        Event brokenSubject = signUp("robin-" + run + "@example.com", "Robin\u2028Bcc: all@example.com " + run);
        Event good = signUp("ada-" + run + "@example.com", "Ada " + run);
        try (LocalRunner runner = TestStacks.runner(emulator).build().start()) {
            for (Event event : List.of(unicodeAddress, brokenSubject, good)) {
                runner.publisher().publish(event);
            }
            assertThat(runner.awaitDrained(Duration.ofSeconds(60))).isTrue();

            ConsumerCounters notifier = runner.counters().get("notifier");
            assertThat(notifier.received()).isEqualTo(3);
            assertThat(notifier.failed()).as("nothing retried").isZero();
            assertThat(notifier.processed()).isEqualTo(1);
            assertThat(notifier.deadLettered()).isEqualTo(2);
            List<Message> letters = drain(runner, runner.stack().ref("NotifierDeadLetterQueue"));
            Map<String, String> errors = new HashMap<>();
            for (Message letter : letters) {
                Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
                assertThat(attributes.get(DeadLetterReason.ATTRIBUTE).stringValue()).isEqualTo("field-refused");
                assertThat(attributes.get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).isEqualTo("1");
                errors.put(attributes.get("event-id").stringValue(), attributes.get(DeadLetterReason.ERROR_ATTRIBUTE).stringValue());
            }
            assertThat(errors).containsOnlyKeys(unicodeAddress.id(), brokenSubject.id());
            assertThat(errors.get(unicodeAddress.id())).startsWith("$.data.email: recipient address holds U+00FC");
            assertThat(errors.get(brokenSubject.id())).startsWith("$.data.name: holds U+2028");
            assertThat(Files.readString(Path.of("..", "README.md")).contains("| `field-refused` |")).isTrue();

            List<SentEmail> sent = emulator.sentEmails().stream().filter(email -> email.subject().endsWith(run + "!")).toList();
            assertThat(sent).singleElement().satisfies(email -> {
                assertThat(email.to()).containsExactly(good.data().path("email").asText());
                assertThat(email.subject()).isEqualTo("Welcome, Ada " + run + "!");
            });
            assertThat(runner.counters().get("analytics").processed()).as("the sign-ups are counted all the same").isEqualTo(3);
        }
    }

    private static Event signUp(String email, String name) {
        Event example = fresh("user.signed_up");
        return example.toBuilder().time(Instant.now())
                .data(((ObjectNode) example.data().deepCopy()).put("email", email).put("name", name)).build();
    }

    /** A valid event made hostile in one of the ways producers get wrong, with the attributes it would carry. */
    private static Message hostile(Random random, Event event) {
        String body = CODEC.encode(event);
        return switch (random.nextInt(9)) {
            case 0 -> message(body.replaceFirst("\\{", "{\"type\":\"order.created\","), event.type(), event.id());
            case 1 -> message(body + "{\"id\":\"x\"}", event.type(), event.id());
            case 2 -> good(event.toBuilder().subject("cust-\uD800").build());
            case 3 -> good(event.toBuilder().id("e".repeat(1000 + random.nextInt(1000))).build());
            case 4 -> good(event.toBuilder().time(Instant.now().plus(Duration.ofDays(365L * (1 + random.nextInt(20))))).build());
            case 5 -> good(event.toBuilder().time(Instant.parse("1970-01-01T00:00:00Z")).build());
            case 6 -> {
                int cut = random.nextInt(body.length());
                yield message(body.substring(0, cut) + body.substring(Math.min(body.length(), cut + 1 + random.nextInt(8))),
                        event.type(), event.id());
            }
            case 7 -> good(event.toBuilder().subject("cust-\u0001\u001f").build());
            default -> good(event.toBuilder().subject("cust-😀-ü").build());
        };
    }

    /** The event as a producer would send it: characters SQS refuses escaped in the JSON, and so in the attribute. */
    private static Message good(Event event) {
        StringBuilder body = new StringBuilder();
        CODEC.encode(event).chars().forEach(c -> body.append(
                PlatformLimits.sqsAllows(c)
                        ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return message(body.toString(), event.type(), sendable(event.id()));
    }

    private static Message message(String body, String type, String id) {
        return Message.builder().body(body).messageAttributes(Map.of(
                "type", MessageAttributeValue.builder().dataType("String").stringValue(type).build(),
                "event-id", MessageAttributeValue.builder().dataType("String").stringValue(id).build())).build();
    }

    private static String sendable(String value) {
        return value.codePoints().allMatch(PlatformLimits::sqsAllows) ? value : "unsendable";
    }

    private static String queueRef(String consumer, String suffix) {
        return Character.toUpperCase(consumer.charAt(0)) + consumer.substring(1) + suffix;
    }

    private static Event fresh(String type) {
        return TestStacks.example(type).toBuilder().id(null).build();
    }

    private static List<Message> drain(LocalRunner runner, String queueUrl) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Message> batch = runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (batch.isEmpty() && !messages.isEmpty()) {
                break;
            }
            messages.addAll(batch);
        }
        return messages;
    }
}
