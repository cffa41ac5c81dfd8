package io.eventflow.testing;

import io.eventflow.emulator.LocalLambdaContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Lambda context whose remaining time a test sets: fixed at construction, and changeable while a batch runs (from
 * inside a handler, say) to model an invocation that runs out of time part-way.
 */
public final class TestLambdaContext extends LocalLambdaContext {

    private final AtomicInteger remainingTimeInMillis;

    public TestLambdaContext(int remainingTimeInMillis) {
        this(new AtomicInteger(remainingTimeInMillis));
    }

    private TestLambdaContext(AtomicInteger remainingTimeInMillis) {
        super("test", remainingTimeInMillis::get);
        this.remainingTimeInMillis = remainingTimeInMillis;
    }

    /** From now on the invocation has this much time left. */
    public void setRemainingTimeInMillis(int remainingTimeInMillis) {
        this.remainingTimeInMillis.set(remainingTimeInMillis);
    }
}
