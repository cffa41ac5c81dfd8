package io.eventflow.internal;

import java.nio.charset.StandardCharsets;

/** Text's size as AWS counts it against its limits (keys, items, messages, emails): its UTF-8 bytes. */
public final class Utf8 {

    private Utf8() {}

    /** The UTF-8 bytes of the text. */
    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
