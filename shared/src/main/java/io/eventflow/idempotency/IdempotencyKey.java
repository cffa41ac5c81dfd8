package io.eventflow.idempotency;

/**
 * How a consumer's idempotency keys are spelled, in one place for the batch processor that claims them and the replay
 * engine that checks them. A normal delivery is keyed {@code <consumer>#<event id>}, so every copy of an event (SNS
 * retries, redrives, recover replays) finds the same record. A reprocess replay adds its replay id, so the consumer
 * runs the event once more for that replay, and still only once however often the replay delivers it.
 */
public final class IdempotencyKey {

    private IdempotencyKey() {}

    /** The key of an event for a consumer. */
    public static String of(String consumer, String eventId) {
        return consumer + "#" + eventId;
    }

    /** The key of an event for a consumer within one reprocess replay. */
    public static String ofReprocess(String consumer, String eventId, String replayId) {
        return of(consumer, eventId) + "#replay:" + replayId;
    }
}
