package io.eventflow.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventflow.consume.AdmissionRule;
import io.eventflow.consume.FieldRefusal;
import io.eventflow.event.Event;
import io.eventflow.internal.PlatformLimits;
import io.eventflow.internal.Utf8;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The notifier's admission rule: an event it emails about is admitted only if the email it makes of it is one SES
 * will send as written. The email is composed as the handler composes it ({@link NotificationEmails}), then its
 * recipient is checked as SES takes addresses ({@link SesAddress}), its subject and body for what mail cannot carry
 * ({@link MailText}), and its encoded size against SES v2's message limit. A refusal names the event field at fault.
 */
public final class SendableEmails implements AdmissionRule {

    /** Header names, MIME boundaries and the sender's address around the encoded subject and body, generously. */
    private static final int MIME_OVERHEAD_BYTES = 4096;

    private final NotificationEmails emails;

    public SendableEmails(NotificationEmails emails) {
        this.emails = emails;
    }

    @Override
    public Optional<FieldRefusal> check(Event event) {
        if (!NotificationEmails.TYPES.contains(event.type())) {
            return Optional.empty(); // the handler refuses it as a type it does not handle
        }
        Optional<Email> composed = emails.compose(event);
        if (composed.isEmpty()) {
            return Optional.empty();
        }
        Email email = composed.get();
        Optional<String> address = SesAddress.problem(email.to());
        if (address.isPresent()) {
            return refusal(NotificationEmails.recipientField(event.type()), "recipient address " + address.get());
        }
        Optional<Integer> inSubject = MailText.refusedInHeader(email.subject());
        if (inSubject.isPresent()) {
            return refusal(fieldHolding(event.data(), inSubject.get()).orElse("subject"),
                    String.format("holds U+%04X, which the email's subject line cannot carry", inSubject.get()));
        }
        Optional<Integer> inBody = MailText.refusedInBody(email.body());
        if (inBody.isPresent()) {
            return refusal(fieldHolding(event.data(), inBody.get()).orElse("body"),
                    String.format("holds U+%04X, which the email's text cannot carry", inBody.get()));
        }
        long size = encodedBytes(email);
        if (size > PlatformLimits.SES_V2_MESSAGE_BYTES) {
            return refusal("$.data", "makes an email of " + size + " bytes encoded; SES v2 sends at most "
                    + PlatformLimits.SES_V2_MESSAGE_BYTES);
        }
        return Optional.empty();
    }

    /** An upper bound of the message as SES counts it: subject and body in base64 (76-character lines), and the rest. */
    static long encodedBytes(Email email) {
        long text = (long) Utf8.bytes(email.subject()) + Utf8.bytes(email.body());
        long base64 = (text + 2) / 3 * 4;
        return base64 + base64 / 76 * 2 + Utf8.bytes(email.to()) + MIME_OVERHEAD_BYTES;
    }

    private static Optional<FieldRefusal> refusal(String field, String problem) {
        return Optional.of(new FieldRefusal(field, problem));
    }

    /** The JSON path of the first string in the data holding the code point: the field a refusal names. */
    private static Optional<String> fieldHolding(JsonNode node, int codePoint) {
        return fieldHolding(node, codePoint, "$.data");
    }

    private static Optional<String> fieldHolding(JsonNode node, int codePoint, String path) {
        if (node.isTextual()) {
            return node.textValue().codePoints().anyMatch(c -> c == codePoint) ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = fieldHolding(node.get(i), codePoint, path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<String> found = fieldHolding(field.getValue(), codePoint, path + "." + field.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
