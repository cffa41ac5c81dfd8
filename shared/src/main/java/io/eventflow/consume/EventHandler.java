package io.eventflow.consume;

/**
 * A consumer's business logic for one event whose effect is outside DynamoDB (an email, an HTTP call). The batch
 * processor calls it at most once per successful claim; if it throws, the claim is released and the message retried.
 * Make the effect itself tolerate the rare repeat that a crash between effect and completion can cause. A replayed
 * delivery says so in {@link Delivery#replay()}: a consumer with an outward effect usually should not repeat it on a
 * reprocess replay.
 */
@FunctionalInterface
public interface EventHandler {

    void handle(Delivery delivery) throws Exception;
}
