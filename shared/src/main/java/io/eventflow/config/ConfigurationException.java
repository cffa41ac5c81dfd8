package io.eventflow.config;

/** A setting is missing or malformed: raised at start, naming the variable and what it should hold. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
