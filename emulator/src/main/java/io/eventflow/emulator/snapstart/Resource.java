package io.eventflow.emulator.snapstart;

/** A party to checkpoint and restore, as {@code jdk.crac.Resource}. */
public interface Resource {

    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
