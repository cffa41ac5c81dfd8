package io.eventflow.internal;

/** Error messages as stored in attributes and records: bounded, never cut through a character, and sendable. */
public final class ErrorText {

    private ErrorText() {}

    /**
     * The text, cut to at most {@code maxChars} UTF-16 units; a surrogate pair at the cut is dropped whole, since half
     * of one is not valid Unicode and SQS and DynamoDB refuse it.
     */
    public static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    /** The longest start of the text whose UTF-8 encoding is at most {@code maxBytes}, cut between characters. */
    public static String cutToBytes(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > maxBytes) {
                return text.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return text;
    }

    /**
     * The text with every character SQS refuses in an attribute value (controls, lone surrogates, U+FFFE, U+FFFF)
     * replaced by U+FFFD: error messages quote the input, and a dead letter must be sendable whatever it contained.
     */
    public static String sendable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            boolean allowed = PlatformLimits.sqsAllows(codePoint);
            if (!allowed && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (allowed) {
                    out.appendCodePoint(codePoint);
                } else {
                    out.append('\uFFFD');
                }
            }
            i += width;
        }
        return out == null ? text : out.toString();
    }

    /** {@link #sendable} then {@link #cut}: what goes into an SQS or DynamoDB attribute. */
    public static String forAttribute(String text, int maxChars) {
        return cut(sendable(text), maxChars);
    }
}
