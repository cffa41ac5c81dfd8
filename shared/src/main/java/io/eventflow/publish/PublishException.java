package io.eventflow.publish;

/** SNS refused some events of a batch; the message names them. */
public final class PublishException extends RuntimeException {
    public PublishException(String message) {
        super(message);
    }
}
