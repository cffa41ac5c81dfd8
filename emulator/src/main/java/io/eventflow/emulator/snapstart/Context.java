package io.eventflow.emulator.snapstart;

/** Resources notified together, as {@code jdk.crac.Context}. */
public abstract class Context<R extends Resource> implements Resource {

    protected Context() {}

    public abstract void register(R resource);
}
