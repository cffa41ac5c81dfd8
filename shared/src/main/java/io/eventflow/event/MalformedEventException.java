package io.eventflow.event;

/** The text is not a CloudEvents 1.0 structured JSON event eventflow can read. Never worth retrying. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedEventException(String message) {
        super(message);
    }
}
