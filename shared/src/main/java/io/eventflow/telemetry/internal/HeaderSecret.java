package io.eventflow.telemetry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.telemetry.TracingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * The OTLP export headers of a hosted backend (an API key: {@code x-honeycomb-team=...},
 * {@code Authorization=Basic ...}), read once at init from an SSM SecureString parameter or a Secrets Manager secret,
 * so the key is never a plain environment variable. The value has the form of {@code OTEL_EXPORTER_OTLP_HEADERS}.
 *
 * <p>One SigV4-signed request of the services' JSON protocol ({@code AmazonSSM.GetParameter} with decryption,
 * {@code secretsmanager.GetSecretValue}) over {@code HttpURLConnection}, signed by the SDK's signer: not the SSM and
 * Secrets Manager clients, whose jars were 6 MB of every function's zip for this one read. The request goes to the
 * region in the ARN, or to the endpoint override (an emulator).
 */
public final class HeaderSecret {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A secret's service: its signing name, JSON target and the answer's field holding the value. */
    private enum Store {
        SSM("ssm", "AmazonSSM.GetParameter", "/Parameter/Value"),
        SECRETS_MANAGER("secretsmanager", "secretsmanager.GetSecretValue", "/SecretString");

        private final String service;
        private final String target;
        private final String valuePointer;

        Store(String service, String target, String valuePointer) {
            this.service = service;
            this.target = target;
            this.valuePointer = valuePointer;
        }

        private byte[] request(String arn) throws IOException {
            Map<String, Object> body = this == SSM ? Map.of("Name", arn, "WithDecryption", true) : Map.of("SecretId", arn);
            return JSON.writeValueAsBytes(body);
        }
    }

    private HeaderSecret() {}

    /**
     * The headers the secret named by its ARN holds ({@code arn:aws:ssm:...:parameter/...} or
     * {@code arn:aws:secretsmanager:...:secret:...}), read with the clients' credentials.
     *
     * @throws ConfigurationException naming the ARN (never the value) when it cannot be read
     */
    public static Map<String, String> read(String arn, AwsClients clients) {
        String[] parts = arn.split(":", 6);
        Store store = parts.length == 6 && parts[0].equals("arn") ? switch (parts[2]) {
            case "ssm" -> Store.SSM;
            case "secretsmanager" -> Store.SECRETS_MANAGER;
            default -> null;
        } : null;
        if (store == null || parts[3].isEmpty()) {
            throw new ConfigurationException(TracingSettings.OTLP_HEADERS_SECRET_ARN + " must be the ARN of an SSM parameter or a "
                    + "Secrets Manager secret, got '" + arn + "'");
        }
        String value;
        try {
            value = fetch(store, arn, parts[3], clients);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("cannot read the OTLP headers secret " + arn + ": " + e.getMessage());
        }
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("the OTLP headers secret " + arn + " is empty");
        }
        return KeyValueList.parse("the OTLP headers secret " + arn, value);
    }

    private static String fetch(Store store, String arn, String region, AwsClients clients) throws IOException {
        URI endpoint = clients.endpoint().orElseGet(() -> URI.create("https://" + store.service + "." + region + "." + dnsSuffix(region)));
        byte[] body = store.request(arn);
        Map<String, String> headers = new SigV4Headers(store.service, region, Clock.systemUTC()).sign(endpoint,
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", store.target),
                body, clients.credentials().resolveCredentials());
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            headers.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream answer = status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream()) {
                JsonNode json = answer == null ? JSON.missingNode() : JSON.readTree(answer);
                if (status / 100 != 2) {
                    // The error's type and message (ParameterNotFound, AccessDeniedException, ...), never a value.
                    throw new IOException("HTTP " + status + " " + json.path("__type").asText("") + " " + json.path("message")
                            .asText(json.path("Message").asText("")));
                }
                JsonNode value = json.at(store.valuePointer);
                return value.isTextual() ? value.asText() : null;
            }
        } finally {
            connection.disconnect();
        }
    }

    private static String dnsSuffix(String region) {
        return Optional.ofNullable(RegionMetadata.of(Region.of(region)))
                .map(metadata -> metadata.partition().dnsSuffix())
                .orElse("amazonaws.com");
    }
}
