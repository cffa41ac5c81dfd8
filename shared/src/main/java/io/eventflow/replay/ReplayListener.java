package io.eventflow.replay;

/** Hears a replay's progress: after every batch sent or skipped, and once at the end. */
@FunctionalInterface
public interface ReplayListener {

    /** Hears nothing. */
    ReplayListener NONE = (sent, skipped) -> { };

    /** Events sent and skipped so far in this job (earlier runs included). */
    void progress(long sent, long skipped);
}
