package io.eventflow.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.config.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValueListTest {

    @Test
    void percentEscapesAreDecodedAndAPlusStaysAPlus() {
        assertThat(KeyValueList.parse("V", "Authorization=Basic%20MTIz+NDU2/Og==, x-team = a%2Cb ,,"))
                .containsExactly(Map.entry("Authorization", "Basic MTIz+NDU2/Og=="), Map.entry("x-team", "a,b"));
        assertThat(KeyValueList.parse("V", "Authorization=Basic MTIz")).containsEntry("Authorization", "Basic MTIz");
        assertThat(KeyValueList.parse("V", null)).isEmpty();
    }

    @Test
    void aPairWithoutAKeyIsRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> KeyValueList.parse("OTEL_EXPORTER_OTLP_HEADERS", "=secret"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS")
                .hasMessageNotContaining("secret");
    }
}
