package io.eventflow.replay;

/** A replay job that cannot be run now: finished, cancelled, or held by another runner. */
public final class ReplayNotRunnableException extends RuntimeException {

    private final transient ReplayJob job;

    public ReplayNotRunnableException(String message, ReplayJob job) {
        super(message);
        this.job = job;
    }

    /** The job as stored; null when there is no such job. */
    public ReplayJob job() {
        return job;
    }
}
