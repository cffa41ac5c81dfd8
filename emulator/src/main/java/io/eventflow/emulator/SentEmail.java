package io.eventflow.emulator;

import java.util.List;

/**
 * One email as recorded by the emulated SES.
 *
 * @param from sender address
 * @param to recipient addresses
 * @param subject subject line
 * @param body text body
 */
public record SentEmail(String from, List<String> to, String subject, String body) {
    public SentEmail {
        to = List.copyOf(to);
    }
}
