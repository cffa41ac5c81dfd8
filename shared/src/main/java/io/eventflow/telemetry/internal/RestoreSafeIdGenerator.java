package io.eventflow.telemetry.internal;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.security.SecureRandom;

/**
 * Trace and span ids from {@link SecureRandom}. The SDK's default draws on {@code ThreadLocalRandom}, whose seed state
 * is part of a SnapStart snapshot: every environment restored from one snapshot would then make the same ids. Lambda
 * reseeds {@code SecureRandom} on restore (AWS's advice for uniqueness under SnapStart), at about a microsecond an id.
 */
public final class RestoreSafeIdGenerator implements IdGenerator {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String generateSpanId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return SpanId.fromLong(id);
    }

    @Override
    public String generateTraceId() {
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return TraceId.fromLongs(high, low);
    }
}
