package io.eventflow.notifier;

/**
 * One plain-text email to send.
 *
 * @param to recipient address
 * @param subject subject line
 * @param body text body
 */
public record Email(String to, String subject, String body) {}
