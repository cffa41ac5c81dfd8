package io.eventflow.local.cli;

import io.eventflow.event.InvalidEventException;
import io.eventflow.event.MalformedEventException;
import io.eventflow.local.CommandException;
import io.eventflow.local.traces.ZipkinException;
import java.io.PrintStream;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A command that could not do its job (no session, an unreadable file, a refused AWS request): one line on stderr,
 * exit status 1. Anything else is a bug and keeps its stack trace.
 */
final class OperationalErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int EXIT_FAILED = 1;

    private final PrintStream err;

    OperationalErrorHandler(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) throws Exception {
        if (e instanceof CommandException || e instanceof MalformedEventException || e instanceof InvalidEventException
                || e instanceof ZipkinException) {
            err.println("eventflow: " + e.getMessage());
        } else if (e instanceof SdkException) {
            err.println("eventflow: an AWS request failed: " + e.getMessage());
        } else {
            throw e;
        }
        return EXIT_FAILED;
    }
}
