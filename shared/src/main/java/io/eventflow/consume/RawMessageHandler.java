package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Logic for messages that are not CloudEvents. The batch processor runs it on each message with no admission and no
 * idempotency claim (the logic keeps its own state), and treats its failures like any consumer's: an exception is
 * retried with backoff, {@link NonRetryableException} (a message that can never succeed) goes to the dead-letter
 * queue at once with its reason, and only failed messages are reported back to SQS.
 */
@FunctionalInterface
public interface RawMessageHandler {

    /** @param context the invocation's, for its remaining time (null outside Lambda) */
    void handle(RawMessage message, Context context) throws Exception;
}
