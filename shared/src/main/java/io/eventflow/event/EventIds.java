package io.eventflow.event;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit sequence, then 62 random bits. Ids made in one
 * process sort in creation order, even within one millisecond.
 *
 * <p>The one piece of global state in this package: the last (millisecond, sequence) pair handed out, kept so that ids
 * stay monotonic across threads.
 *
 * <p>The random bits come from {@link SecureRandom}, not {@code ThreadLocalRandom}: under SnapStart every environment
 * restored from one snapshot would share ThreadLocalRandom's seed (and the last stamp), and could make the same id,
 * so that a derived event is taken for a duplicate and lost. Lambda reseeds SecureRandom on restore.
 */
final class EventIds {

    private static final AtomicLong LAST = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {}

    static String next() {
        long now = System.currentTimeMillis() << 12;
        // Same millisecond (or a clock step back): bump the sequence, spilling into the next millisecond if needed.
        long stamp = LAST.updateAndGet(previous -> now > previous ? now : previous + 1);
        long millis = stamp >>> 12;
        long sequence = stamp & 0xFFF;
        long high = (millis << 16) | (0x7L << 12) | sequence;
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
