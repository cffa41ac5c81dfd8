package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void defaultsAreABaseOfTwoSecondsAndACapOfFifteenMinutes() {
        Backoff defaults = Backoff.defaults();

        assertThat(defaults.base()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.cap()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theCeilingDoublesFromTheBaseWithEachReceiveAndStopsAtTheCap() {
        Backoff backoff = Backoff.builder().base(Duration.ofSeconds(2)).cap(Duration.ofMinutes(1)).build();

        assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::ceiling).map(Duration::toSeconds).toList())
                .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void aReceiveCountBelowOneCountsAsTheFirstReceive() {
        Backoff backoff = Backoff.builder().base(Duration.ofSeconds(3)).cap(Duration.ofMinutes(1)).build();

        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.ceiling(-5)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aCapAboveTwelveHoursIsLoweredToSqsMaximumVisibility() {
        Backoff backoff = Backoff.builder().base(Duration.ofMinutes(1)).cap(Duration.ofDays(2)).build();

        assertThat(Backoff.SQS_MAX_VISIBILITY).isEqualTo(Duration.ofHours(12));
        assertThat(backoff.cap()).isEqualTo(Duration.ofHours(12));
        assertThat(backoff.ceiling(30)).isEqualTo(Duration.ofHours(12));
        assertThat(Backoff.builder().cap(Duration.ofHours(12)).build().cap()).isEqualTo(Duration.ofHours(12));
        assertThat(Backoff.builder().cap(Duration.ofHours(11)).build().cap()).isEqualTo(Duration.ofHours(11));
    }

    @Test
    void delaysStayWithinZeroAndTheCeiling() {
        Backoff backoff = Backoff.builder().base(Duration.ofSeconds(2)).cap(Duration.ofMinutes(15)).build();
        Random random = new Random(42);

        for (int receive = 1; receive <= 12; receive++) {
            long ceiling = backoff.ceiling(receive).toSeconds();
            for (int draw = 0; draw < 2_000; draw++) {
                assertThat(backoff.delaySeconds(receive, random)).as("receive %d", receive).isBetween(0, (int) ceiling);
            }
        }
    }

    @Test
    void delaysAreSpreadUniformlyOverTheWholeRange() {
        Backoff backoff = Backoff.builder().base(Duration.ofMinutes(10)).cap(Duration.ofMinutes(10)).build();
        Random random = new Random(42);
        int draws = 100_000;
        int[] deciles = new int[10];
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;

        for (int i = 0; i < draws; i++) {
            int delay = backoff.delaySeconds(1, random);
            sum += delay;
            min = Math.min(min, delay);
            max = Math.max(max, delay);
            deciles[Math.min(9, delay / 60)]++;
        }

        assertThat(min).isBetween(0, 3);
        assertThat(max).isBetween(597, 600);
        // Uniform on [0, 600] s: mean 300 s, each tenth of the range about a tenth of the draws.
        assertThat((double) sum / draws).isCloseTo(300.0, within(3.0));
        for (int decile = 0; decile < 10; decile++) {
            assertThat((double) deciles[decile] / draws).as("decile %d", decile).isCloseTo(0.1, within(0.01));
        }
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        Backoff backoff = Backoff.defaults();
        Random first = new Random(7);
        Random second = new Random(7);

        List<Integer> a = IntStream.rangeClosed(1, 20).mapToObj(receive -> backoff.delaySeconds(receive, first)).toList();
        List<Integer> b = IntStream.rangeClosed(1, 20).mapToObj(receive -> backoff.delaySeconds(receive, second)).toList();

        assertThat(a).isEqualTo(b);
        assertThat(a.stream().distinct().count()).as("not constant").isGreaterThan(1);
    }

    @Test
    void hugeReceiveCountsStayAtTheCapWithoutOverflowing() {
        Backoff backoff = Backoff.builder().base(Duration.ofSeconds(2)).cap(Duration.ofHours(12)).build();
        Random random = new Random(42);

        for (int receive : new int[] {30, 39, 40, 41, 62, 63, 64, 65, 1_000, Integer.MAX_VALUE}) {
            assertThat(backoff.ceiling(receive)).as("receive %d", receive).isEqualTo(Duration.ofHours(12));
            assertThat(backoff.delaySeconds(receive, random)).as("receive %d", receive).isBetween(0, 43_200);
        }
    }

    @Test
    void theCeilingNeverShrinksAsReceivesGrowWhateverTheBase() {
        // Bases up to the cap (and above it: the cap is lowered after the builder checks cap >= base).
        List<Duration> bases = List.of(Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofMinutes(7),
                Duration.ofHours(3), Duration.ofMillis(1L << 24), Duration.ofMillis(1L << 25), Duration.ofHours(12),
                Duration.ofMillis(1L << 26));
        for (Duration base : bases) {
            Backoff backoff = Backoff.builder().base(base).cap(base.compareTo(Duration.ofHours(12)) > 0 ? base : Duration.ofHours(12)).build();
            Duration previous = Duration.ZERO;
            for (int receive = 1; receive <= 100; receive++) {
                Duration ceiling = backoff.ceiling(receive);
                assertThat(ceiling).as("base %s, receive %d", base, receive)
                        .isGreaterThanOrEqualTo(previous)
                        .isLessThanOrEqualTo(Duration.ofHours(12))
                        .isPositive();
                previous = ceiling;
            }
        }
    }

    @Test
    void invalidConfigurationsAreRefused() {
        assertThatThrownBy(() -> Backoff.builder().base(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.builder().base(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.builder().base(Duration.ofMinutes(5)).cap(Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below its base");
        assertThatThrownBy(() -> Backoff.builder().cap(Duration.ofSeconds(-1)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.builder().cap(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Backoff.builder().base(null)).isInstanceOf(NullPointerException.class);
    }
}
