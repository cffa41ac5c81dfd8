package io.eventflow.emulator;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An AWS-protocol endpoint that tests and the local runner talk to with the real AWS SDK.
 *
 * <p>Obtain one from {@link AwsEmulators#start()}; close it when done (closing an external endpoint does nothing).
 */
public interface AwsEmulator extends AutoCloseable {

    /** Base URL every AWS client is pointed at. */
    URI endpoint();

    /**
     * A principal allowed everything: what set-up and tests that inspect state sign with. An emulator that enforces
     * IAM (the project's moto server) refuses other credentials; the default, fixed dummy keys, suits one that does not.
     */
    default AwsCredentialsProvider administrator() {
        return StaticCredentialsProvider.create(DUMMY_CREDENTIALS);
    }

    /** Fixed dummy keys: what an endpoint that checks no permissions accepts, and keeps a host's real AWS profile out. */
    AwsCredentials DUMMY_CREDENTIALS = AwsBasicCredentials.create("test", "test");

    /** Region the emulator answers for. */
    String region();

    /** What kind of endpoint this is, for messages and for emulator-specific read-backs. */
    Kind kind();

    /** Forgets every resource, so test classes do not see each other's state. No-op where unsupported. */
    void reset();

    /** Emails accepted by the emulated SES, oldest first: lets a test read back what a function sent. */
    List<SentEmail> sentEmails();

    @Override
    void close();

    /** Where the endpoint comes from. */
    enum Kind {
        /** {@code EVENTFLOW_AWS_ENDPOINT}: something the user started. */
        EXTERNAL,
        /** LocalStack in a Testcontainers-managed Docker container. */
        LOCALSTACK,
        /** A moto server in the project's own Python venv. */
        MOTO
    }
}
