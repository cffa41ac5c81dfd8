package io.eventflow.consume;

/**
 * Thrown by a handler when retrying cannot help (the event asks for something impossible): the record goes to the
 * dead-letter queue at once with this exception's message as the reason, and is never retried.
 */
public class NonRetryableException extends RuntimeException {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
