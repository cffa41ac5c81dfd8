package io.eventflow.emulator;

import java.net.URI;
import java.util.List;

/** An endpoint the user runs: eventflow neither starts, resets nor stops it. */
final class ExternalEndpoint implements AwsEmulator {

    private final URI endpoint;
    private final String region;

    ExternalEndpoint(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Kind kind() {
        return Kind.EXTERNAL;
    }

    @Override
    public void reset() {
        // Someone else's emulator: tests use unique resource names instead of wiping it.
    }

    @Override
    public List<SentEmail> sentEmails() {
        // Both emulators the project knows expose sent mail; try moto's then LocalStack's read-back.
        List<SentEmail> fromMoto = EmulatorControl.fromMoto(endpoint);
        return fromMoto.isEmpty() ? EmulatorControl.fromLocalStack(endpoint) : fromMoto;
    }

    @Override
    public void close() {}
}
