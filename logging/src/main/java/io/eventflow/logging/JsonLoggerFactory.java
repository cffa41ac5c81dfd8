package io.eventflow.logging;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

/** One {@link JsonLogger} per name, all writing to the same stream at the same threshold. */
final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final Level threshold;
    private final PrintStream out;
    private final MDCAdapter mdc;

    JsonLoggerFactory(Level threshold, PrintStream out, MDCAdapter mdc) {
        this.threshold = threshold;
        this.out = out;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, key -> new JsonLogger(key, threshold, out, mdc));
    }
}
