package io.eventflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerSettingsTest {

    private static LedgerSettings settings(Map<String, String> more) {
        Map<String, String> variables = new java.util.HashMap<>(Map.of("EVENTFLOW_LEDGER_TABLE", "ledger"));
        variables.putAll(more);
        return LedgerSettings.from(EventflowConfig.from(variables));
    }

    @Test
    void ledgerSnapshotIntervalDefaultsToAHundredAndMustBePositive() {
        assertThat(settings(Map.of()).snapshotInterval()).isEqualTo(100);
        assertThat(settings(Map.of("EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL", "25")).snapshotInterval()).isEqualTo(25);
        assertThatThrownBy(() -> settings(Map.of("EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL");
    }

    @Test
    void theTableIsRequired() {
        assertThat(settings(Map.of()).table()).isEqualTo("ledger");
        assertThatThrownBy(() -> LedgerSettings.from(EventflowConfig.from(Map.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("EVENTFLOW_LEDGER_TABLE");
    }
}
