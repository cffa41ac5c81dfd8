package io.eventflow.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of eventflow's functions, found by SLF4J through {@code META-INF/services}: every log line is one
 * JSON object on stdout ({@link JsonLogLine}), which CloudWatch Logs indexes field by field. Put it on a function's
 * runtime classpath instead of another binding. The minimum level comes from {@code AWS_LAMBDA_LOG_LEVEL}, which
 * Lambda sets from the function's {@code LoggingConfig.ApplicationLogLevel} (INFO when unset).
 */
public final class JsonLoggingProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
        loggerFactory = new JsonLoggerFactory(LogThreshold.fromEnvironment(System.getenv("AWS_LAMBDA_LOG_LEVEL")), System.out, mdcAdapter);
    }
}
