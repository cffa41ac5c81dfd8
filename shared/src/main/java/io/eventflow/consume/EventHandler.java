package io.eventflow.consume;

import io.eventflow.event.Event;
import io.eventflow.replay.ReplayMarker;

/**
 * A consumer's business logic for one event whose effect is outside DynamoDB (an email, an HTTP call). The batch
 * processor calls it at most once per successful claim; if it throws, the claim is released and the message retried.
 * Make the effect itself tolerate the rare repeat that a crash between effect and completion can cause.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(Event event) throws Exception;

    /**
     * Handles an event a replay delivered (see {@link io.eventflow.replay.ArchiveReplayer}); by default exactly like
     * {@link #handle}. Override to treat replays differently: a consumer with an outward effect usually should not
     * repeat it on a reprocess replay. Decorators must forward both methods.
     */
    default void handleReplayed(Event event, ReplayMarker replay) throws Exception {
        handle(event);
    }
}
