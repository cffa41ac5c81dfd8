package io.eventflow.emulator.snapstart;

/** A resource refused the checkpoint, as {@code jdk.crac.CheckpointException}; each failure is suppressed in it. */
public class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    public CheckpointException() {
        super("a resource failed before the checkpoint");
    }
}
