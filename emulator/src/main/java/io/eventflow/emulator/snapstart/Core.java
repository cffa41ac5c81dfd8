package io.eventflow.emulator.snapstart;

import java.util.ArrayList;
import java.util.List;

/**
 * The global context and the checkpoint, as {@code jdk.crac.Core}. Unlike CRaC, it holds its resources strongly: a
 * process uses it for one checkpoint, and a test must see every resource registered.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Runs the hooks of a checkpoint and then those of a restore; the process itself is neither saved nor restored. */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        GLOBAL.beforeCheckpoint(GLOBAL);
        GLOBAL.afterRestore(GLOBAL);
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            notifyEach(resources.reversed(), resource -> resource.beforeCheckpoint(this), new CheckpointException());
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws RestoreException {
            notifyEach(resources, resource -> resource.afterRestore(this), new RestoreException());
        }

        /** Calls every resource, even after one fails, then throws {@code failed} with each failure suppressed in it. */
        private static <E extends Exception> void notifyEach(List<Resource> order, Hook hook, E failed) throws E {
            for (Resource resource : order) {
                try {
                    hook.call(resource);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }
    }

    @FunctionalInterface
    private interface Hook {
        void call(Resource resource) throws Exception;
    }
}
