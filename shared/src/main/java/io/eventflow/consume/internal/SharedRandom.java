package io.eventflow.consume.internal;

import java.util.random.RandomGenerator;

/**
 * A random generator that records running side by side may share: most generators (the default one among them) are
 * not thread-safe, so each draw takes the lock. Every bounded draw the backoff makes goes through the generator's own
 * {@code nextLong(bound)}, so a seeded generator gives the same sequence as unwrapped.
 */
public final class SharedRandom implements RandomGenerator {

    private final RandomGenerator random;

    public SharedRandom(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public synchronized long nextLong() {
        return random.nextLong();
    }

    @Override
    public synchronized long nextLong(long bound) {
        return random.nextLong(bound);
    }

    @Override
    public synchronized long nextLong(long origin, long bound) {
        return random.nextLong(origin, bound);
    }

    @Override
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
