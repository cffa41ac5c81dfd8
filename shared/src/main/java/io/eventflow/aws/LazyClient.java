package io.eventflow.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkClient;

/**
 * A service client built on first use. Building an SDK client costs tens of milliseconds of a cold start, and a
 * function uses only some of the clients its environment offers (the notifier never publishes); thread-safe.
 */
final class LazyClient<C extends SdkClient> {

    private final Supplier<C> build;
    private volatile C client;

    LazyClient(Supplier<C> build) {
        this.build = build;
    }

    C get() {
        C built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = build.get();
                    client = built;
                }
            }
        }
        return built;
    }

    /** Closes the client if it was ever built. */
    void close() {
        C built = client;
        if (built != null) {
            built.close();
        }
    }
}
