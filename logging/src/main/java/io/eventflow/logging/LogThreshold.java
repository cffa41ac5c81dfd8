package io.eventflow.logging;

import java.util.Locale;
import org.slf4j.event.Level;

/** The least severe level written; Lambda's names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) map onto SLF4J's. */
final class LogThreshold {

    private LogThreshold() {}

    static Level fromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }
}
