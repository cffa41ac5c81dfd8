package io.eventflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.Upcasters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.internal.PlatformLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The notifier's pure part under issue 12's property: for any event its subscription delivers and admission admits
 * (schema-valid, upcast to the version the notifier reads, and passed by its own {@link SendableEmails} rule), composing
 * the email never throws, and the email is one SES sends as written — checked here independently of the rule: the
 * recipient printable 7-bit ASCII within RFC 5321's lengths, subject and body surviving UTF-8 unchanged, the subject a
 * single header line, the encoded size within SES v2's. Without {@code JAZZER_FUZZ} the committed corpus
 * ({@code NotificationEmailsFuzzTestInputs}, seeded with the example events' data) runs as regression cases.
 */
class NotificationEmailsFuzzTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.fromClasspath();
    private static final EventValidator SCHEMAS = new EventValidator(REGISTRY);
    private static final NotificationEmails EMAILS = new NotificationEmails();
    private static final SendableEmails RULE = new SendableEmails(EMAILS);

    /** Line breaks, controls, a lone surrogate of each kind, a noncharacter, non-ASCII, and address punctuation. */
    private static final int[] TRICKY_CODE_POINTS = {'\r', '\n', 0, 0x85, 0x2028, 0x2029, 0xD800, 0xDFFF, 0xFFFE, 0xFC,
            0x1F600, '@', '.', '"', ' ', '[', '-'};

    /** The envelopes the input's data goes into, one per type and version the notifier gets (order.shipped in both). */
    private static final List<Event> ENVELOPES = Stream.of("order.shipped", "order.shipped.v2", "user.signed_up", "account.overdrawn")
            .map(example -> CODEC.decode(example(example))).toList();

    /**
     * The input chooses an envelope with one byte from the end (order.shipped v1 and v2, user.signed_up,
     * account.overdrawn), and how its data is made: 0 to 3, the rest of the input is the data's JSON (the seeds are
     * the example events' data); 4 to 7, the example's data with some of its strings replaced by arbitrary text
     * (any code point, lone surrogates too), which reaches the fields emails are made of far sooner than mutating
     * JSON bytes. The envelope itself is {@code AdmissionFuzzTest}'s.
     */
    @FuzzTest(maxDuration = "30s")
    // JSON escapes of what mail cannot carry, and address forms SES refuses: random bytes rarely spell them.
    @DictionaryEntries({"\\u2028", "\\u2029", "\\u0085", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\r\\n", "\\u0000",
            "\\ufffe", "\\u00fc", "\\\"", "@", "..", "xn--", "[127.0.0.1]", ".com", "\"email\":\"", "\"name\":\""})
    void anAdmittedEventsEmailIsOneSesSendsAsWritten(FuzzedDataProvider data) {
        int choice = data.consumeInt(0, 2 * ENVELOPES.size() - 1);
        Event envelope = ENVELOPES.get(choice % ENVELOPES.size());
        JsonNode json = choice < ENVELOPES.size() ? parse(data.consumeRemainingAsString()) : withFuzzedStrings(envelope.data(), data);
        Event event = json == null ? null : admittedBySchema(envelope.toBuilder().data(json).build());
        if (event == null) {
            return;
        }
        Event asRead = asTheNotifierReadsIt(event);
        if (RULE.check(asRead).isPresent()) {
            return; // dead-lettered as field-refused before the claim
        }
        Optional<Email> composed = EMAILS.compose(asRead);
        if (composed.isEmpty()) {
            assertThat(asRead.type()).as("only an overdraft without an owner address sends nothing").isEqualTo("account.overdrawn");
            return;
        }
        Email email = composed.get();
        assertThat(email.to().chars().allMatch(c -> c >= 0x21 && c <= 0x7E)).as("recipient %s is printable ASCII", email.to()).isTrue();
        assertThat(email.to().length()).isLessThanOrEqualTo(PlatformLimits.EMAIL_ADDRESS_OCTETS);
        assertThat(email.to().indexOf('@')).isBetween(1, PlatformLimits.EMAIL_LOCAL_PART_OCTETS);
        assertThat(utf8RoundTrip(email.subject())).isEqualTo(email.subject());
        assertThat(utf8RoundTrip(email.body())).isEqualTo(email.body());
        assertThat(email.subject().codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029))
                .as("one header line: %s", email.subject()).isTrue();
        assertThat(SendableEmails.encodedBytes(email)).isLessThanOrEqualTo(PlatformLimits.SES_V2_MESSAGE_BYTES);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException malformed) {
            return null; // admission dead-letters it
        }
    }

    /** A copy of the data in which each string the input picks is replaced by text the input gives. */
    private static JsonNode withFuzzedStrings(JsonNode example, FuzzedDataProvider data) {
        JsonNode copy = example.deepCopy();
        replaceStrings(copy, data);
        return copy;
    }

    private static void replaceStrings(JsonNode node, FuzzedDataProvider data) {
        if (node instanceof ObjectNode object) {
            for (String field : object.properties().stream().map(Map.Entry::getKey).toList()) {
                if (object.get(field).isTextual()) {
                    if (data.consumeBoolean()) {
                        object.put(field, fuzzedText(data));
                    }
                } else {
                    replaceStrings(object.get(field), data);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> replaceStrings(element, data));
        }
    }

    /**
     * Text from the input, with one of the code points mail and addresses trip on put in where the input says: a
     * fuzzer finds them in Jazzer's string encoding only by chance, and nothing the code compares against leads it
     * there (a table lookup, {@link Character#getType}, decides).
     */
    private static String fuzzedText(FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder(data.consumeString(200));
        if (data.consumeBoolean()) {
            text.insert(data.consumeInt(0, text.length()), Character.toChars(data.pickValue(TRICKY_CODE_POINTS)));
        }
        return text.toString();
    }

    /** The event when it is valid by its schema; else null. */
    private static Event admittedBySchema(Event event) {
        try {
            SCHEMAS.validate(event);
            return event;
        } catch (RuntimeException refused) {
            return null; // schema-invalid: admission dead-letters it
        }
    }

    /** An example event's JSON, from {@code events/examples/}. */
    static String example(String name) {
        try {
            return Files.readString(Path.of(System.getProperty("eventflow.root", "../.."), "events", "examples", name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upcast to the newest version the notifier reads, as admission does. */
    private static Event asTheNotifierReadsIt(Event event) {
        OptionalInt written = REGISTRY.versionOf(event.type(), event.dataSchema());
        int reads = NotifierHandler.READS.newest(event.type()).orElseThrow();
        if (written.isEmpty() || written.getAsInt() >= reads) {
            return event;
        }
        return Upcasters.bundled().upcast(event, written.getAsInt(), reads).orElseThrow();
    }

    private static String utf8RoundTrip(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
