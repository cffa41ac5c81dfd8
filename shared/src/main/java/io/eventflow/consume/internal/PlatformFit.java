package io.eventflow.consume.internal;

import io.eventflow.archive.ArchiveItem;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.internal.PlatformLimits;
import io.eventflow.internal.Utf8;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether what the consumers make of an event fits the limits of the services they write to
 * ({@link PlatformLimits}): the characters of every envelope value that becomes a message attribute or a key, the
 * sizes of the idempotency key, of the archive's keys and of its item, and of the envelope when it is published again
 * (replays, derived events). Checked for every consumer alike, so that all of them admit or refuse the same event.
 * Pure: no I/O.
 */
final class PlatformFit {

    /** Why an event does not fit. */
    record Misfit(DeadLetterReason reason, String error) {}

    private final EventCodec codec;

    PlatformFit(EventCodec codec) {
        this.codec = codec;
    }

    /** What does not fit, or null when everything does. */
    Misfit check(Event event, String idempotencyKey) {
        Misfit characters = characters(event);
        if (characters != null) {
            return characters;
        }
        if (Utf8.bytes(idempotencyKey) > PlatformLimits.DYNAMODB_PARTITION_KEY_BYTES) {
            return tooLarge("idempotency key", Utf8.bytes(idempotencyKey), PlatformLimits.DYNAMODB_PARTITION_KEY_BYTES);
        }
        String timeId = ArchiveItem.timeId(event.time(), event.id());
        if (Utf8.bytes(timeId) > PlatformLimits.DYNAMODB_SORT_KEY_BYTES) {
            return tooLarge("archive sort key (time and id)", Utf8.bytes(timeId), PlatformLimits.DYNAMODB_SORT_KEY_BYTES);
        }
        String typeDay = ArchiveItem.typeDay(event.type(), LocalDate.ofInstant(event.time(), ZoneOffset.UTC));
        if (Utf8.bytes(typeDay) > PlatformLimits.DYNAMODB_PARTITION_KEY_BYTES) {
            return tooLarge("archive index key (type and day)", Utf8.bytes(typeDay), PlatformLimits.DYNAMODB_PARTITION_KEY_BYTES);
        }
        String envelope = codec.encode(event);
        if (Utf8.bytes(envelope) > PlatformLimits.SNS_MESSAGE_BYTES) {
            return tooLarge("event envelope, published again on replay", Utf8.bytes(envelope), PlatformLimits.SNS_MESSAGE_BYTES);
        }
        long item = itemBytes(ArchiveItem.of(event, codec, Instant.EPOCH, Duration.ZERO));
        if (item > PlatformLimits.DYNAMODB_ITEM_BYTES) {
            return tooLarge("archive item", item, PlatformLimits.DYNAMODB_ITEM_BYTES);
        }
        return null;
    }

    private static Misfit characters(Event event) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("id", event.id());
        values.put("type", event.type());
        values.put("source", event.source() == null ? null : event.source().toString());
        values.put("subject", event.subject());
        for (Map.Entry<String, String> value : values.entrySet()) {
            int refused = refusedCodePoint(value.getValue());
            if (refused >= 0) {
                return new Misfit(DeadLetterReason.INVALID_CHARACTERS, String.format(
                        "CloudEvent attribute '%s' holds U+%04X, which SQS refuses in a message attribute",
                        value.getKey(), refused));
            }
        }
        return null;
    }

    /** The first code point SQS refuses, or -1. */
    private static int refusedCodePoint(String value) {
        if (value == null) {
            return -1;
        }
        return value.codePoints().filter(codePoint -> !PlatformLimits.sqsAllows(codePoint)).findFirst().orElse(-1);
    }

    private static Misfit tooLarge(String what, long bytes, long limit) {
        return new Misfit(DeadLetterReason.TOO_LARGE, what + " is " + bytes + " bytes; the limit is " + limit);
    }

    /** An item's size as DynamoDB counts it: names and values in UTF-8 (numbers counted as their text, an upper bound). */
    private static long itemBytes(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            total += Utf8.bytes(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return total;
    }

    private static long valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return Utf8.bytes(value.s());
        }
        if (value.n() != null) {
            return Utf8.bytes(value.n());
        }
        if (value.hasM()) {
            return 3 + itemBytes(value.m());
        }
        return 1;
    }
}
