package io.eventflow.local;

/** A problem the person running {@code ./eventflow} can fix; the command prints its message and exits with 1. */
public final class CommandException extends RuntimeException {

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
