package io.eventflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    @Test
    void idIsACanonicalVersion7UuidWithTheIetfVariant() {
        for (int i = 0; i < 100; i++) {
            String id = EventIds.next();
            UUID uuid = UUID.fromString(id);

            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(id).matches(CANONICAL);
        }
    }

    @Test
    void timestampFieldHoldsUnixMilliseconds() {
        long before = System.currentTimeMillis();
        UUID uuid = UUID.fromString(EventIds.next());
        long after = System.currentTimeMillis();

        long millis = uuid.getMostSignificantBits() >>> 16;

        // The sequence may spill into following milliseconds after bursts elsewhere in the suite: allow a little slack.
        assertThat(millis).isBetween(before, after + 100);
    }

    @Test
    void randomBitsDifferBetweenIds() {
        Set<Long> low = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            low.add(UUID.fromString(EventIds.next()).getLeastSignificantBits());
        }

        assertThat(low).hasSizeGreaterThan(990);
    }

    @Test
    void tenThousandIdsInATightLoopAreStrictlyIncreasingAndUnique() {
        List<String> ids = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.next());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("id %d must sort after id %d", i, i - 1).isGreaterThan(ids.get(i - 1));
        }
        assertThat(new HashSet<>(ids)).hasSize(10_000);
    }

    @Test
    void idsFromSeveralThreadsAreUniqueAndIncreasingPerThread() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> ids = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        ids.add(EventIds.next());
                    }
                    return ids;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();

            Set<String> all = new HashSet<>();
            for (Future<List<String>> future : futures) {
                List<String> ids = future.get();
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
                }
                all.addAll(ids);
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
