package io.eventflow.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiverSettingsTest {

    private static ArchiverSettings settings(String... keyValues) {
        Map<String, String> variables = new HashMap<>(Map.of("EVENTFLOW_ARCHIVE_TABLE", "archive"));
        for (int i = 0; i < keyValues.length; i += 2) {
            variables.put(keyValues[i], keyValues[i + 1]);
        }
        return ArchiverSettings.from(EventflowConfig.from(variables));
    }

    @Test
    void archiveRetentionDefaultsToAYearAndZeroMeansForever() {
        assertThat(settings().retention()).isEqualTo(Duration.ofDays(365));
        assertThat(settings("EVENTFLOW_ARCHIVE_RETENTION_DAYS", "30").retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings("EVENTFLOW_ARCHIVE_RETENTION_DAYS", "0").retention()).isZero();
        assertThatThrownBy(() -> settings("EVENTFLOW_ARCHIVE_RETENTION_DAYS", "-1"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_ARCHIVE_RETENTION_DAYS");
    }

    @Test
    void theTableIsRequired() {
        assertThat(settings().table()).isEqualTo("archive");
        assertThatThrownBy(() -> ArchiverSettings.from(EventflowConfig.from(Map.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_ARCHIVE_TABLE");
    }
}
