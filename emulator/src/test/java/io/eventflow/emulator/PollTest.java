package io.eventflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    private static final Poll QUICK = Poll.every(Duration.ZERO).forAtMost(Duration.ofSeconds(30));

    @Test
    void stopsAtTheFirstCheckThatHolds() {
        AtomicInteger checks = new AtomicInteger();

        assertThat(QUICK.until(() -> checks.incrementAndGet() == 3)).isTrue();
        assertThat(checks).hasValue(3);
    }

    @Test
    void inARowRestartsTheCountWhenACheckFails() {
        Iterator<Boolean> readings = List.of(true, false, true, true, false).iterator();
        AtomicInteger checks = new AtomicInteger();

        assertThat(QUICK.inARow(2).until(() -> {
            checks.incrementAndGet();
            return readings.next();
        })).isTrue();
        assertThat(checks).as("the empty reading between two busy ones does not count").hasValue(4);
    }

    @Test
    void aConditionThatNeverHoldsIsCheckedOnceMoreAtTheTimeoutAndFails() {
        AtomicInteger checks = new AtomicInteger();

        assertThat(Poll.every(Duration.ofMillis(1)).forAtMost(Duration.ZERO).until(() -> checks.incrementAndGet() < 0)).isFalse();
        assertThat(checks).hasValue(1);
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThat(Poll.every(Duration.ofSeconds(10)).until(() -> false)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesANegativeIntervalOrNoChecks() {
        assertThatThrownBy(() -> Poll.every(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QUICK.inARow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
