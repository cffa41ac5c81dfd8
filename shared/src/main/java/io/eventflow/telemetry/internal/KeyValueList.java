package io.eventflow.telemetry.internal;

import io.eventflow.config.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value,key2=value2} lists of OpenTelemetry's variables (headers, resource attributes). Values are
 * percent-decoded ({@code %2C} is a comma, {@code %20} a space); a {@code +} stays a plus, as base64 credentials need.
 */
public final class KeyValueList {

    private KeyValueList() {}

    public static Map<String, String> parse(String variable, String value) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return pairs;
        }
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                // Never echo the value: it may hold an API key.
                throw new ConfigurationException(variable + " must be a list of key=value pairs separated by commas");
            }
            pairs.put(pair.substring(0, equals).strip(), URLDecoder.decode(pair.substring(equals + 1).strip().replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return pairs;
    }
}
