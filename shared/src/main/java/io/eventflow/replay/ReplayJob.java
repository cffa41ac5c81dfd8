package io.eventflow.replay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A replay as recorded in the job table: its spec, state and progress. The cursor is the
 * {@link io.eventflow.archive.ArchivedEvent#position() position} of the last event sent or skipped; a run resumes right
 * after it.
 *
 * @param id the replay id, also carried by every message it sends
 * @param spec what it replays
 * @param state where it stands
 * @param sent events sent to the target queue
 * @param skipped events not sent because the target had already processed them (recover mode)
 * @param cursor position of the last event sent or skipped; null before the first
 * @param error why it failed, when it did
 * @param cancelRequested a cancel was asked for while it ran; the runner stops at its next checkpoint
 * @param leaseUntil until when a runner holds it; a job whose lease has passed is not running and can be resumed
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ReplayJob(String id, ReplaySpec spec, ReplayState state, long sent, long skipped, String cursor,
                        String error, boolean cancelRequested, Instant leaseUntil, Instant createdAt, Instant updatedAt) {

    public ReplayJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
    }

    /** Whether a runner held it at {@code now}. */
    public boolean activeAt(Instant now) {
        return state == ReplayState.RUNNING && leaseUntil != null && leaseUntil.isAfter(now);
    }

    /** Events of the window handled so far: sent or skipped. */
    public long handled() {
        return sent + skipped;
    }

    /** The error, when it failed. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
