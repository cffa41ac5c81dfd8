package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The consumer's and the backoff's settings: documented defaults, clear errors. */
class ConsumerSettingsTest {

    @Test
    void defaultsAreAThreeSecondMarginBatchTransactionsAndTenRecordsAtOnce() {
        ConsumerSettings settings = ConsumerSettings.from(EventflowConfig.from(Map.of()));
        assertThat(settings.timeMargin()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.batchTransactions()).isTrue();
        assertThat(settings.recordParallelism()).isEqualTo(10);
        assertThat(settings.eventTimeWindow()).isEqualTo(new EventTimeWindow(Duration.ofDays(730), Duration.ofDays(1)));
    }

    @Test
    void theEventTimeWindowComesFromItsTwoVariablesAndABadOneIsNamed() {
        ConsumerSettings settings = ConsumerSettings.from(EventflowConfig.from(Map.of(
                "EVENTFLOW_EVENT_MAX_AGE_DAYS", "30", "EVENTFLOW_EVENT_MAX_AHEAD_MINUTES", "0")));
        assertThat(settings.eventTimeWindow()).isEqualTo(new EventTimeWindow(Duration.ofDays(30), Duration.ZERO));
        assertThatThrownBy(() -> ConsumerSettings.from(EventflowConfig.from(Map.of("EVENTFLOW_EVENT_MAX_AGE_DAYS", "0"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_EVENT_MAX_AGE_DAYS");
        assertThatThrownBy(() -> ConsumerSettings.from(EventflowConfig.from(Map.of("EVENTFLOW_EVENT_MAX_AHEAD_MINUTES", "-5"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_EVENT_MAX_AHEAD_MINUTES");
    }

    @Test
    void readsItsVariablesAndNamesABadOne() {
        ConsumerSettings settings = ConsumerSettings.from(EventflowConfig.from(Map.of(
                "EVENTFLOW_TIME_MARGIN_MS", "500", "EVENTFLOW_BATCH_TRANSACTIONS", "false", "EVENTFLOW_RECORD_PARALLELISM", "1")));
        assertThat(settings.timeMargin()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.batchTransactions()).isFalse();
        assertThat(settings.recordParallelism()).isEqualTo(1);
        assertThatThrownBy(() -> ConsumerSettings.from(EventflowConfig.from(Map.of("EVENTFLOW_RECORD_PARALLELISM", "0"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_RECORD_PARALLELISM");
        assertThatThrownBy(() -> ConsumerSettings.from(EventflowConfig.from(Map.of("EVENTFLOW_BATCH_TRANSACTIONS", "maybe"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_BATCH_TRANSACTIONS");
    }

    @Test
    void backoffFromConfigDefaultsToTwoSecondsAndFifteenMinutesAndRefusesACapBelowItsBase() {
        Backoff defaults = Backoff.fromConfig(EventflowConfig.from(Map.of()));
        assertThat(defaults.base()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.cap()).isEqualTo(Duration.ofMinutes(15));
        Backoff set = Backoff.fromConfig(EventflowConfig.from(Map.of("EVENTFLOW_BACKOFF_BASE_SECONDS", "5", "EVENTFLOW_BACKOFF_CAP_SECONDS", "60")));
        assertThat(set.base()).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.cap()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Backoff.fromConfig(EventflowConfig.from(Map.of("EVENTFLOW_BACKOFF_BASE_SECONDS", "60", "EVENTFLOW_BACKOFF_CAP_SECONDS", "5"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_BACKOFF_CAP_SECONDS").hasMessageContaining("EVENTFLOW_BACKOFF_BASE_SECONDS");
    }
}
