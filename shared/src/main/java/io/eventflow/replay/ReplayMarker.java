package io.eventflow.replay;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a replayed message carries besides its event, as SQS message attributes: which replay sent it, when, and in
 * which mode. The event body itself is the archived envelope, byte for byte, so its payload hash is the original's.
 *
 * @param replayId the replay job's id
 * @param mode recover or reprocess
 * @param replayedAt when the replay sent the message
 */
public record ReplayMarker(String replayId, ReplayMode mode, Instant replayedAt) {

    /** Message attribute naming the replay. */
    public static final String REPLAY_ID_ATTRIBUTE = "replay-id";
    /** Message attribute with the send time (RFC 3339). */
    public static final String REPLAYED_AT_ATTRIBUTE = "replayed-at";
    /** Message attribute with the mode's {@link ReplayMode#code()}. */
    public static final String REPLAY_MODE_ATTRIBUTE = "replay-mode";

    public ReplayMarker {
        Objects.requireNonNull(replayId, "replayId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(replayedAt, "replayedAt");
    }

    /**
     * The marker of a message as Lambda delivers it, when it has one. A message that names a replay but whose mode is
     * missing or unknown is treated as a recover replay: it can then never make a consumer repeat an effect.
     */
    public static Optional<ReplayMarker> of(SQSEvent.SQSMessage message) {
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
        String replayId = attributes == null ? null : string(attributes.get(REPLAY_ID_ATTRIBUTE));
        if (replayId == null || replayId.isBlank()) {
            return Optional.empty();
        }
        ReplayMode mode;
        try {
            mode = ReplayMode.fromCode(string(attributes.get(REPLAY_MODE_ATTRIBUTE)));
        } catch (RuntimeException missingOrUnknown) {
            mode = ReplayMode.RECOVER;
        }
        Instant replayedAt;
        try {
            replayedAt = Instant.parse(string(attributes.get(REPLAYED_AT_ATTRIBUTE)));
        } catch (NullPointerException | DateTimeParseException missingOrMalformed) {
            replayedAt = Instant.EPOCH;
        }
        return Optional.of(new ReplayMarker(replayId, mode, replayedAt));
    }

    private static String string(SQSEvent.MessageAttribute attribute) {
        return attribute == null ? null : attribute.getStringValue();
    }
}
