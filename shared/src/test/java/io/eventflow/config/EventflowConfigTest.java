package io.eventflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventflowConfigTest {

    private static EventflowConfig config(String... keyValues) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            variables.put(keyValues[i], keyValues[i + 1]);
        }
        return EventflowConfig.from(variables);
    }

    @Test
    void requireReturnsTheValueStripped() {
        assertThat(config("EVENTFLOW_SENDER_EMAIL", "  shop@example.com \n").require("EVENTFLOW_SENDER_EMAIL"))
                .isEqualTo("shop@example.com");
    }

    @Test
    void requireOnAMissingVariableNamesIt() {
        assertThatThrownBy(() -> config("OTHER", "x").require("EVENTFLOW_SENDER_EMAIL"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_SENDER_EMAIL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void requireOnABlankVariableNamesIt(String blank) {
        assertThatThrownBy(() -> config("EVENTFLOW_ANALYTICS_TABLE", blank).require("EVENTFLOW_ANALYTICS_TABLE"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_ANALYTICS_TABLE");
    }

    @Test
    void namedRequiredSettingsReadTheirVariables() {
        EventflowConfig config = config("EVENTFLOW_CONSUMER", "notifier");

        assertThat(config.consumer()).isEqualTo("notifier");
    }

    @Test
    void missingNamedRequiredSettingsNameTheirVariables() {
        EventflowConfig empty = config();

        assertThatThrownBy(empty::consumer).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("EVENTFLOW_CONSUMER");
    }

    @Test
    void optionalIsEmptyWhenAbsentOrBlankAndStrippedOtherwise() {
        EventflowConfig config = config("AWS_REGION", " eu-west-1 ", "BLANK", "  ");

        assertThat(config.region()).contains("eu-west-1");
        assertThat(config.optional("BLANK")).isEmpty();
        assertThat(config.optional("ABSENT")).isEmpty();
        assertThat(config().region()).isEmpty();
    }

    @Test
    void variablesAreCopied() {
        Map<String, String> variables = new HashMap<>(Map.of("EVENTFLOW_CONSUMER", "ledger"));
        EventflowConfig config = EventflowConfig.from(variables);

        variables.put("EVENTFLOW_CONSUMER", "changed");
        variables.put("EVENTFLOW_TOPIC_ARN", "arn:aws:sns:us-east-1:000000000000:events");

        assertThat(config.consumer()).isEqualTo("ledger");
        assertThat(config.optional("EVENTFLOW_TOPIC_ARN")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", "1.5", "7d", "99999999999"})
    void aMalformedPositiveNumberIsAClearError(String value) {
        EventflowConfig config = config("SOME_COUNT", value);

        assertThatThrownBy(() -> config.positiveInt("SOME_COUNT", 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SOME_COUNT")
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("positive");
    }

    @Test
    void booleansAreTrueOrFalseAndNothingElse() {
        assertThat(config().bool("FLAG", true)).isTrue();
        assertThat(config("FLAG", "FALSE").bool("FLAG", true)).isFalse();
        assertThatThrownBy(() -> config("FLAG", "yes").bool("FLAG", true))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("FLAG").hasMessageContaining("'yes'");
    }

    @Test
    void endpointOverrideIsEmptyWhenNotSet() {
        assertThat(config().endpointOverride()).isEmpty();
        assertThat(config("AWS_ENDPOINT_URL", "  ").endpointOverride()).isEmpty();
    }

    @Test
    void endpointOverrideIsParsedAsAUri() {
        URI endpoint = config("AWS_ENDPOINT_URL", " http://localhost:4566 ").endpointOverride().orElseThrow();

        assertThat(endpoint.getScheme()).isEqualTo("http");
        assertThat(endpoint.getHost()).isEqualTo("localhost");
        assertThat(endpoint.getPort()).isEqualTo(4566);
    }

    @Test
    void httpsEndpointOverrideKeepsItsHostAndPath() {
        URI endpoint = config("AWS_ENDPOINT_URL", "https://emulator.example.com/aws").endpointOverride().orElseThrow();

        assertThat(endpoint).isEqualTo(URI.create("https://emulator.example.com/aws"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://local host:4566", "http://[::1", "http://localhost:4566/%zz"})
    void unparsableEndpointOverrideIsAClearError(String value) {
        EventflowConfig config = config("AWS_ENDPOINT_URL", value);

        assertThatThrownBy(config::endpointOverride)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL")
                .hasMessageContaining(value);
    }

    @Test
    void constantsNameTheDocumentedVariables() {
        assertThat(EventflowConfig.AWS_ENDPOINT_URL).isEqualTo("AWS_ENDPOINT_URL");
        assertThat(EventflowConfig.AWS_REGION).isEqualTo("AWS_REGION");
    }
}
