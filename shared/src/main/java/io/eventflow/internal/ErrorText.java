package io.eventflow.internal;

/** Error messages as stored in attributes and records: bounded, and never cut through a character. */
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
}
