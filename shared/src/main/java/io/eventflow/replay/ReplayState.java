package io.eventflow.replay;

/** Where a replay job stands. */
public enum ReplayState {
    /** Created, not yet picked up. */
    STARTING,
    /** Being worked on, or stopped part way (no live lease) and waiting to be resumed. */
    RUNNING,
    /** Every event of the window was sent or skipped. */
    COMPLETED,
    /** Stopped for good on request; the counts and cursor say how far it got. */
    CANCELLED,
    /** Stopped by an error, recorded with the job; it can be resumed from its cursor. */
    FAILED;

    /** Whether the job can still run (be claimed, resumed). */
    public boolean resumable() {
        return this == STARTING || this == RUNNING || this == FAILED;
    }
}
