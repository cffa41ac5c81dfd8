package io.eventflow.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.testing.RecordingHttpServer;
import io.eventflow.testing.TestAws;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The two ways to a hosted backend: OTLP with headers from a secret, and AWS X-Ray's OTLP endpoint signed with SigV4. */
@ExtendWith(AwsEmulatorExtension.class)
class HostedBackendsTest {

    private static final AwsSessionCredentials CREDENTIALS = AwsSessionCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "session-token");

    @Test
    void otlpHeadersFromAnSsmSecureStringAreReadOnceAtInit(AwsEmulator emulator) throws Exception {
        try (AwsClients clients = TestAws.clients(emulator);
             SsmClient ssm = clients.configure(SsmClient.builder());
             RecordingHttpServer collector = new RecordingHttpServer()) {
            String name = "/" + TestAws.uniqueName("eventflow") + "/otlp-headers";
            ssm.putParameter(request -> request.name(name).type(ParameterType.SECURE_STRING).value("x-honeycomb-team=hc-key-1"));
            String arn = ssm.getParameter(request -> request.name(name)).parameter().arn();

            try (Telemetry telemetry = otlpWithSecret(collector, arn, clients)) {
                ssm.deleteParameter(request -> request.name(name));   // read at init: the exports still carry it
                exportOneSpan(telemetry);
                exportOneSpan(telemetry);
            }

            assertThat(collector.requests()).hasSize(2)
                    .allSatisfy(request -> assertThat(request.headers()).containsEntry("x-honeycomb-team", "hc-key-1"));
        }
    }

    @Test
    void otlpHeadersFromASecretsManagerSecret(AwsEmulator emulator) throws Exception {
        try (AwsClients clients = TestAws.clients(emulator);
             SecretsManagerClient secrets = clients.configure(SecretsManagerClient.builder());
             RecordingHttpServer collector = new RecordingHttpServer()) {
            String arn = secrets.createSecret(request -> request.name(TestAws.uniqueName("otlp-headers"))
                    .secretString("Authorization=Basic MTIzNDU2OmdsY19rZXk%3D")).arn();

            try (Telemetry telemetry = otlpWithSecret(collector, arn, clients)) {
                exportOneSpan(telemetry);
            }

            assertThat(collector.requests()).singleElement()
                    .satisfies(request -> assertThat(request.headers()).containsEntry("authorization", "Basic MTIzNDU2OmdsY19rZXk="));
        }
    }

    @Test
    void aSecretThatCannotBeReadFailsInitNamingItsArn(AwsEmulator emulator) throws Exception {
        try (AwsClients clients = TestAws.clients(emulator); RecordingHttpServer collector = new RecordingHttpServer()) {
            String missing = "arn:aws:ssm:" + emulator.region() + ":123456789012:parameter/eventflow/none-such";

            assertThatThrownBy(() -> otlpWithSecret(collector, missing, clients))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(missing);
            assertThatThrownBy(() -> otlpWithSecret(collector, "x-honeycomb-team=plain", clients))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be the ARN");
        }
    }

    @Test
    void xrayExportsAreOtlpProtobufSignedWithSigV4ForXrayAsTheSdkSignerWouldSignThem() throws Exception {
        try (RecordingHttpServer xray = new RecordingHttpServer();
             AwsClients clients = AwsClients.builder().region(Region.EU_WEST_1).credentials(StaticCredentialsProvider.create(CREDENTIALS)).build();
             Telemetry telemetry = Telemetry.builder()
                     .settings(TracingSettings.fromVariables(Map.of(
                             TracingSettings.TRACES_EXPORTER, "xray",
                             EventflowConfig.AWS_REGION, "eu-west-1",
                             TracingSettings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, xray.uri() + "/v1/traces")))
                     .awsClients(clients)
                     .build()) {
            exportOneSpan(telemetry);

            RecordingHttpServer.Request request = xray.requests().getFirst();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/traces");
            assertThat(request.headers()).containsEntry("content-type", "application/x-protobuf")
                    .containsEntry("x-amz-security-token", "session-token");
            assertThat(ExportTraceServiceRequest.parseFrom(request.body()).getResourceSpans(0).getScopeSpans(0).getSpans(0).getName())
                    .isEqualTo("exported");

            Instant signedAt = LocalDateTime.parse(request.headers().get("x-amz-date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                    .toInstant(ZoneOffset.UTC);
            String authorization = request.headers().get("authorization");
            assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
                    + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(signedAt) + "/eu-west-1/xray/aws4_request, ");
            List<String> signedHeaders = Arrays.asList(authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1").split(";"));
            assertThat(signedHeaders).contains("host", "x-amz-date", "x-amz-security-token", "content-type");

            // The SDK's signer, given what the receiver got and the time it was signed at, must produce the same signature.
            SdkHttpRequest.Builder received = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(xray.uri().resolve(request.path()));
            signedHeaders.stream().filter(name -> !Set.of("host", "x-amz-date", "x-amz-security-token").contains(name))
                    .forEach(name -> received.putHeader(name, request.headers().get(name)));
            SignedRequest expected = AwsV4HttpSigner.create().sign(sign -> sign
                    .request(received.build())
                    .payload(ContentStreamProvider.fromByteArray(request.body()))
                    .identity(CREDENTIALS)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "xray")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
            assertThat(authorization).isEqualTo(expected.request().firstMatchingHeader("Authorization").orElseThrow());
            assertThat(request.headers().get("host")).isEqualTo(expected.request().firstMatchingHeader("Host").orElseThrow());
        }
    }

    @Test
    void xrayWithoutAnEndpointExportsToTheRegionsXrayOtlpEndpoint() {
        assertThat(io.eventflow.telemetry.internal.SigV4SpanExporter.xrayEndpoint("eu-west-1"))
                .hasToString("https://xray.eu-west-1.amazonaws.com/v1/traces");
    }

    private static Telemetry otlpWithSecret(RecordingHttpServer collector, String arn, AwsClients clients) {
        return Telemetry.builder()
                .settings(TracingSettings.fromVariables(Map.of(
                        TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, collector.uri().toString(),
                        TracingSettings.OTLP_HEADERS_SECRET_ARN, arn)))
                .awsClients(clients)
                .build();
    }

    private static void exportOneSpan(Telemetry telemetry) {
        telemetry.openTelemetry().getTracer("test").spanBuilder("exported").startSpan().end();
        assertThat(telemetry.flush()).isTrue();
    }
}
