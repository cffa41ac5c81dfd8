package io.eventflow.consume;

import static io.eventflow.testing.TestQueue.attributesOf;
import static io.eventflow.testing.TestQueue.messageIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestQueue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Non-retryable records go to the dead-letter queue on their first receive, with the reason and the original body and
 * attributes, are deleted from the source queue, and are not reported as batch item failures.
 */
class SqsBatchProcessorDeadLetterTest extends ProcessorTestSupport {

    private static final EventCodec CODEC = new EventCodec();

    /** One kind of bad input: what is sent, and what the dead letter must say. */
    record BadInput(String description, String body, Map<String, MessageAttributeValue> attributes,
                    DeadLetterReason reason, String errorFragment) {
        @Override
        public String toString() {
            return description + " -> " + reason.code();
        }
    }

    static Stream<BadInput> badInputs() {
        Event shipped = ExampleEvents.fresh("order.shipped");
        String valid = CODEC.encode(shipped);
        String version03 = valid.replace("\"specversion\":\"1.0\"", "\"specversion\":\"0.3\"");
        assertThat(version03).as("the specversion was replaced").isNotEqualTo(valid);
        Event invalid = withData(ExampleEvents.fresh("order.shipped"), data -> data.remove("tracking_number"));
        Event badEmail = withData(ExampleEvents.fresh("user.signed_up"), data -> data.put("email", "not an email"));
        Event unknown = ExampleEvents.fresh("order.shipped").toBuilder().type("order.teleported").dataSchema(null).build();
        Event unknownVersion = ExampleEvents.fresh("order.shipped").toBuilder()
                .dataSchema(URI.create("https://eventflow.dev/schemas/order.shipped/v9.json")).build();
        Event otherTypesSchema = shipped.toBuilder().id(null)
                .dataSchema(URI.create("https://eventflow.dev/schemas/order.created/v1.json")).build();
        Event unrouted = ExampleEvents.fresh("user.signed_up");
        Event misrouted = ExampleEvents.fresh("user.signed_up");
        Map<String, MessageAttributeValue> otherId = new LinkedHashMap<>(attributesOf(misrouted));
        otherId.put("event-id", TestQueue.string("0194f7a0-1c00-7000-8000-00000000dead"));
        String duplicateMember = valid.replaceFirst("\\{", "{\"type\":\"order.created\",");
        Event controlId = ExampleEvents.fresh("order.shipped").toBuilder().id("ord-\u0007-bell").build();
        Event loneSurrogate = ExampleEvents.fresh("order.shipped").toBuilder().subject("cust-\uDC00").build();
        Event longId = ExampleEvents.fresh("order.shipped").toBuilder().id("x".repeat(1500)).build();
        Event decadeAhead = ExampleEvents.fresh("order.shipped").toBuilder().time(Instant.now().plus(Duration.ofDays(3650))).build();
        return Stream.of(
                new BadInput("the same member twice", duplicateMember, attributesOf(shipped),
                        DeadLetterReason.AMBIGUOUS_JSON, "Duplicate field 'type'"),
                new BadInput("a second JSON value after the event", valid + "{}", attributesOf(shipped),
                        DeadLetterReason.AMBIGUOUS_JSON, "more JSON after the top-level value"),
                new BadInput("a control character in the id, quoted into the error", CODEC.encode(controlId), Map.of(
                        "type", TestQueue.string("order.shipped"), "event-id", TestQueue.string("ord-bell")),
                        DeadLetterReason.ATTRIBUTE_MISMATCH, "ord-bell but the body is order.shipped ord-"),
                new BadInput("a lone surrogate in the subject", CODEC.encode(loneSurrogate), attributesOf(loneSurrogate),
                        DeadLetterReason.INVALID_CHARACTERS, "'subject' holds U+DC00"),
                new BadInput("an id too long for the archive's sort key", CODEC.encode(longId), attributesOf(longId),
                        DeadLetterReason.TOO_LARGE, "archive sort key"),
                new BadInput("a time ten years ahead", CODEC.encode(decadeAhead), attributesOf(decadeAhead),
                        DeadLetterReason.TIME_OUT_OF_RANGE, "after now"),
                new BadInput("truncated JSON", "{\"specversion\": \"1.0\", \"id\": ", Map.of(),
                        DeadLetterReason.MALFORMED, "not a CloudEvents 1.0 JSON event"),
                new BadInput("JSON that is not a CloudEvent", "{\"order_id\": \"ord_1\", \"total\": \"9.99\"}",
                        Map.of("type", TestQueue.string("order.created")), DeadLetterReason.MALFORMED, "CloudEvents"),
                new BadInput("blank body", "   ", Map.of(), DeadLetterReason.MALFORMED, "empty message body"),
                new BadInput("specversion 0.3", version03, attributesOf(shipped), DeadLetterReason.MALFORMED, "specversion"),
                new BadInput("data without a required field", CODEC.encode(invalid), attributesOf(invalid),
                        DeadLetterReason.SCHEMA_INVALID, "$.data.tracking_number"),
                new BadInput("data with a malformed field", CODEC.encode(badEmail), attributesOf(badEmail),
                        DeadLetterReason.SCHEMA_INVALID, "$.data.email"),
                // A version no schema here publishes: newer than this consumer knows, redrivable once it does.
                new BadInput("unknown schema version", CODEC.encode(unknownVersion), attributesOf(unknownVersion),
                        DeadLetterReason.UNSUPPORTED_VERSION, "order.shipped v9 is not published"),
                new BadInput("another type's schema", CODEC.encode(otherTypesSchema), attributesOf(otherTypesSchema),
                        DeadLetterReason.SCHEMA_INVALID, "order.created/v1.json"),
                new BadInput("unknown type", CODEC.encode(unknown), attributesOf(unknown),
                        DeadLetterReason.UNKNOWN_TYPE, "order.teleported"),
                new BadInput("no routing attributes", CODEC.encode(unrouted), Map.of(),
                        DeadLetterReason.ATTRIBUTE_MISMATCH, "event-id"),
                new BadInput("event-id attribute of another event", CODEC.encode(misrouted), otherId,
                        DeadLetterReason.ATTRIBUTE_MISMATCH, "0194f7a0-1c00-7000-8000-00000000dead"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsDeadLetteredOnItsFirstReceiveWithItsReason(BadInput input) {
        TestQueue queue = TestQueue.create(sqs, 5);
        String messageId = queue.sendRaw(input.body(), input.attributes());
        SQSEvent batch = queue.receive(1);
        assertThat(receiveCountOf(batch.getRecords().getFirst())).isEqualTo("1");
        Instant before = Instant.now();

        SQSBatchResponse response = recordingProcessor().process(batch, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).as("never retried").isEmpty();
        assertThat(handled).isEmpty();
        RecordResult result = resultOf(messageId);
        assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(result.error()).startsWith(input.reason().code() + ": ").contains(input.errorFragment());
        assertThat(dynamoDbRequests()).as("nothing claimed").isEmpty();
        assertThat(queue.depth()).as("deleted from the source queue").isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        String error = assertDeadLetter(letters.getFirst(), input.body(), input.attributes(), input.reason(), 1, before, after);
        assertThat(error).contains(input.errorFragment());
    }

    @Test
    void aWriteDynamoDbRefusesAsTooLargeIsDeadLetteredOnItsFirstReceiveWithTheServicesMessage() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event oversized = ExampleEvents.fresh("order.shipped");
        Event fine = ExampleEvents.fresh("user.signed_up");
        String oversizedId = queue.send(oversized).getFirst();
        String fineId = queue.send(fine).getFirst();
        SQSEvent batch = queue.receive(2);
        SqsBatchProcessor processor = processor(delivery -> {
            String payload = delivery.event().equals(oversized) ? "x".repeat(500_000) : "small";
            dynamoDb.putItem(put -> put.tableName(counters).item(Map.of(
                    "pk", AttributeValue.fromS(delivery.event().id()), "payload", AttributeValue.fromS(payload))));
            handled.add(delivery.event());
        });

        SQSBatchResponse response = processor.process(batch, context);

        assertThat(response.getBatchItemFailures()).as("neither retried").isEmpty();
        assertThat(handled).containsExactly(fine);
        assertThat(resultOf(fineId).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        RecordResult result = resultOf(oversizedId);
        assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(result.error()).startsWith("aws-rejected: ").contains("ValidationException").containsIgnoringCase("size");
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue())
                .isEqualTo(DeadLetterReason.AWS_REJECTED.code());
        assertThat(letters.getFirst().messageAttributes().get(DeadLetterReason.RECEIVE_COUNT_ATTRIBUTE).stringValue()).isEqualTo("1");
    }

    @Test
    void badRecordsLeaveTheGoodOnesOfTheirBatchAlone() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event good = ExampleEvents.fresh("order.created");
        Event invalid = withData(ExampleEvents.fresh("order.shipped"), data -> data.remove("tracking_number"));
        String malformedId = queue.sendRaw("not json at all", attributesOf(good));
        String goodId = queue.send(good).getFirst();
        String invalidId = queue.send(invalid).getFirst();
        SQSEvent batch = queue.receive(3);

        SQSBatchResponse response = recordingProcessor().process(batch, context);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(good);
        assertThat(resultOf(goodId).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        assertThat(resultOf(malformedId).outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(resultOf(invalidId).outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(queue.depth()).as("only the good one, until Lambda deletes it").isEqualTo(1);
        queue.acknowledge(batch, response);
        assertThat(queue.depth()).isZero();
        Map<String, String> reasons = new HashMap<>();
        queue.deadLetters().forEach(letter -> reasons.put(letter.body(), letter.messageAttributes().get(DeadLetterReason.ATTRIBUTE).stringValue()));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "not json at all", DeadLetterReason.MALFORMED.code(),
                CODEC.encode(invalid), DeadLetterReason.SCHEMA_INVALID.code()));
        assertThat(idempotencyRecord(invalid)).as("no claim for an invalid event").isEmpty();
        assertThat(idempotencyRecord(good).get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void theResultOfAReadableButInvalidEventNamesTheEvent() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event invalid = withData(ExampleEvents.fresh("order.shipped"), data -> data.remove("tracking_number"));
        Event unknown = ExampleEvents.fresh("order.shipped").toBuilder().type("order.teleported").dataSchema(null).build();
        String invalidId = queue.send(invalid).getFirst();
        String unknownId = queue.send(unknown).getFirst();

        recordingProcessor().process(queue.receive(2), context);

        // RecordResult: the event id and type are null only "when the body could not be parsed".
        assertThat(resultOf(invalidId)).extracting(RecordResult::outcome, RecordResult::eventId, RecordResult::eventType)
                .containsExactly(RecordOutcome.DEAD_LETTERED, invalid.id(), invalid.type());
        assertThat(resultOf(unknownId)).extracting(RecordResult::outcome, RecordResult::eventId, RecordResult::eventType)
                .containsExactly(RecordOutcome.DEAD_LETTERED, unknown.id(), unknown.type());
    }

    @Test
    void anEventIdReusedWithOtherContentIsDeadLetteredWithoutCallingTheHandler() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event original = ExampleEvents.fresh("order.shipped");
        SqsBatchProcessor processor = recordingProcessor();
        queue.send(original);
        SQSEvent first = queue.receive(1);
        queue.acknowledge(first, processor.process(first, context));
        Event reused = withData(original, data -> data.put("carrier", "DHL"));
        assertThat(reused.id()).isEqualTo(original.id());
        assertThat(PayloadHash.of(reused)).isNotEqualTo(PayloadHash.of(original));
        String conflicting = queue.send(reused).getFirst();
        SQSEvent batch = queue.receive(1);
        Instant before = Instant.now();

        SQSBatchResponse response = processor.process(batch, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(original);
        RecordResult result = resultOf(conflicting);
        assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(result.error()).startsWith("payload-conflict: ").contains("different payload").contains(original.id());
        Map<String, AttributeValue> record = idempotencyRecord(original);
        assertThat(record.get("status").s()).as("the original's record is untouched").isEqualTo("COMPLETED");
        assertThat(record.get("payload_hash").s()).isEqualTo(PayloadHash.of(original));
        assertThat(record).doesNotContainKey("last_error");
        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(assertDeadLetter(letters.getFirst(), CODEC.encode(reused), attributesOf(reused),
                DeadLetterReason.PAYLOAD_CONFLICT, 1, before, after)).contains(original.id());
    }

    @Test
    void aHandlerThrowingNonRetryableIsDeadLetteredAndItsFailureRecorded() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event doomed = ExampleEvents.fresh("order.shipped");
        Event fine = ExampleEvents.fresh("user.signed_up");
        String doomedId = queue.send(doomed).getFirst();
        String fineId = queue.send(fine).getFirst();
        SQSEvent batch = queue.receive(2);
        SqsBatchProcessor processor = processor(delivery -> {
            Event event = delivery.event();
            if (event.equals(doomed)) {
                throw new NonRetryableException("order " + event.subject() + " was cancelled");
            }
            handled.add(event);
        });
        Instant before = Instant.now();

        SQSBatchResponse response = processor.process(batch, context);

        Instant after = Instant.now();
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).containsExactly(fine);
        assertThat(resultOf(fineId).outcome()).isEqualTo(RecordOutcome.PROCESSED);
        RecordResult result = resultOf(doomedId);
        assertThat(result.outcome()).isEqualTo(RecordOutcome.DEAD_LETTERED);
        assertThat(result.eventId()).isEqualTo(doomed.id());
        assertThat(result.error()).isEqualTo("non-retryable: order " + doomed.subject() + " was cancelled");
        Map<String, AttributeValue> record = idempotencyRecord(doomed);
        assertThat(record.get("status").s()).isEqualTo("FAILED");
        assertThat(record.get("attempts").n()).isEqualTo("1");
        assertThat(record.get("last_error").s()).isEqualTo("NonRetryableException: order " + doomed.subject() + " was cancelled");
        queue.acknowledge(batch, response);
        assertThat(queue.depth()).isZero();
        List<Message> letters = queue.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(assertDeadLetter(letters.getFirst(), CODEC.encode(doomed), attributesOf(doomed),
                DeadLetterReason.NON_RETRYABLE, 1, before, after)).isEqualTo("order " + doomed.subject() + " was cancelled");
    }

    @Test
    void withoutADeadLetterQueueABadRecordStaysInItsQueueAndIsRetried() {
        TestQueue queue = TestQueue.withoutDeadLetterQueue(sqs);
        String messageId = queue.sendRaw("not json at all");
        SQSEvent batch = queue.receive(1);

        SQSBatchResponse response = builder().backoff(IMMEDIATE).handler(delivery -> handled.add(delivery.event())).build().process(batch, context);

        assertThat(failedIds(response)).as("nothing is lost").containsExactly(messageId);
        assertThat(resultOf(messageId).outcome()).isEqualTo(RecordOutcome.RETRIED);
        assertThat(resultOf(messageId).error()).startsWith("malformed: ");
        assertThat(messageIds(queue.receiveNow())).as("backed off like any retry (0 s here)").containsExactly(messageId);
    }
}
