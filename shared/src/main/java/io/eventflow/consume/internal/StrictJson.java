package io.eventflow.consume.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * Finds JSON that two parsers could read differently: the same member twice in one object (one parser keeps the
 * first, another the last) or more after the top-level value (one parser stops, another refuses). Streams the tokens
 * without building a tree. Text that is not JSON at all is left for the codec to refuse as malformed.
 */
final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {}

    /** Why the text is ambiguous, or null when it is not (or is not JSON). */
    static String ambiguity(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            return after == null ? null : "more JSON after the top-level value: " + after.asString();
        } catch (IOException e) {
            String message = e.getMessage() != null ? e.getMessage() : "";
            return message.startsWith("Duplicate field") ? firstLine(message) : null;
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
