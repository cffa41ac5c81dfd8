package io.eventflow.consume;

import java.util.Map;

/**
 * An SQS message handed as it is to a {@link RawMessageHandler}: for consumers whose messages are not CloudEvents
 * (the replayer's job messages).
 *
 * @param messageId the SQS message id
 * @param body the body, untouched
 * @param receiveCount how often SQS has delivered it, this delivery included
 * @param traceHeaders its {@code traceparent} and {@code tracestate} message attributes; empty when none
 */
public record RawMessage(String messageId, String body, int receiveCount, Map<String, String> traceHeaders) {

    public RawMessage {
        traceHeaders = Map.copyOf(traceHeaders);
    }
}
