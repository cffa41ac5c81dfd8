package io.eventflow.local.traces;

/** Zipkin could not be started, reached, or did not accept what it was sent. */
public final class ZipkinException extends RuntimeException {

    public ZipkinException(String message) {
        super(message);
    }

    public ZipkinException(String message, Throwable cause) {
        super(message, cause);
    }
}
