package io.eventflow.emulator.snapstart;

/** A resource failed after the restore, as {@code jdk.crac.RestoreException}; each failure is suppressed in it. */
public class RestoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public RestoreException() {
        super("a resource failed after the restore");
    }
}
