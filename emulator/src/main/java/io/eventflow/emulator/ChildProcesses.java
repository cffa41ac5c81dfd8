package io.eventflow.emulator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the servers the local tools start as child processes (moto, Zipkin). */
public final class ChildProcesses {

    private ChildProcesses() {}

    /** Asks the process to stop, and kills it if it has not within {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
