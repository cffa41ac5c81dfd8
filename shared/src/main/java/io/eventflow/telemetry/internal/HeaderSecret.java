package io.eventflow.telemetry.internal;

import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The OTLP export headers of a hosted backend (an API key: {@code x-honeycomb-team=...},
 * {@code Authorization=Basic ...}), read once at init from an SSM SecureString parameter or a Secrets Manager secret,
 * so the key is never a plain environment variable. The value has the form of {@code OTEL_EXPORTER_OTLP_HEADERS}.
 * Its own classes, so a function without a secret never loads the SSM and Secrets Manager clients.
 */
public final class HeaderSecret {

    private HeaderSecret() {}

    /**
     * The headers the secret named by its ARN holds ({@code arn:aws:ssm:...:parameter/...} or
     * {@code arn:aws:secretsmanager:...:secret:...}).
     *
     * @throws ConfigurationException naming the ARN (never the value) when it cannot be read
     */
    public static Map<String, String> read(String arn, AwsClients clients) {
        String value;
        try {
            if (arn.contains(":ssm:")) {
                try (SsmClient ssm = clients.configure(SsmClient.builder())) {
                    value = ssm.getParameter(request -> request.name(arn).withDecryption(true)).parameter().value();
                }
            } else if (arn.contains(":secretsmanager:")) {
                try (SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder())) {
                    value = secrets.getSecretValue(request -> request.secretId(arn)).secretString();
                }
            } else {
                throw new ConfigurationException(EventflowConfig.OTLP_HEADERS_SECRET_ARN + " must be the ARN of an SSM parameter or a "
                        + "Secrets Manager secret, got '" + arn + "'");
            }
        } catch (RuntimeException e) {
            if (e instanceof ConfigurationException) {
                throw e;
            }
            throw new ConfigurationException("cannot read the OTLP headers secret " + arn + ": " + e.getMessage());
        }
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("the OTLP headers secret " + arn + " is empty");
        }
        return KeyValueList.parse("the OTLP headers secret " + arn, value);
    }
}
