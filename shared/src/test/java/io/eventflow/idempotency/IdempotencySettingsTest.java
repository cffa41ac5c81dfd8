package io.eventflow.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencySettingsTest {

    private static IdempotencySettings settings(String... keyValues) {
        Map<String, String> variables = new HashMap<>(Map.of("EVENTFLOW_IDEMPOTENCY_TABLE", "idem"));
        for (int i = 0; i < keyValues.length; i += 2) {
            variables.put(keyValues[i], keyValues[i + 1]);
        }
        return IdempotencySettings.from(EventflowConfig.from(variables));
    }

    @Test
    void theTableIsRequiredAndNamedWhenMissing() {
        assertThat(settings().table()).isEqualTo("idem");
        assertThatThrownBy(() -> IdempotencySettings.from(EventflowConfig.from(Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_IDEMPOTENCY_TABLE");
    }

    @Test
    void idempotencyTtlDefaultsToSevenDays() {
        assertThat(settings().recordTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(settings("EVENTFLOW_IDEMPOTENCY_TTL_DAYS", " ").recordTtl()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void idempotencyTtlIsReadInDays() {
        assertThat(settings("EVENTFLOW_IDEMPOTENCY_TTL_DAYS", "14").recordTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(settings("EVENTFLOW_IDEMPOTENCY_TTL_DAYS", " 1 ").recordTtl()).isEqualTo(Duration.ofDays(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", "1.5", "7d", "99999999999"})
    void malformedIdempotencyTtlIsAClearError(String value) {
        assertThatThrownBy(() -> settings("EVENTFLOW_IDEMPOTENCY_TTL_DAYS", value))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_IDEMPOTENCY_TTL_DAYS")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("positive");
    }

    @Test
    void constantsNameTheDocumentedVariables() {
        assertThat(IdempotencySettings.TTL_DAYS).isEqualTo("EVENTFLOW_IDEMPOTENCY_TTL_DAYS");
        assertThat(IdempotencySettings.TABLE).isEqualTo("EVENTFLOW_IDEMPOTENCY_TABLE");
    }
}
