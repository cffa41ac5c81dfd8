package io.eventflow.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests actually sent (each HTTP attempt, SDK retries included) by service and operation, e.g.
 * {@code DynamoDb.UpdateItem}. Add it to {@link io.eventflow.aws.AwsClients} to measure requests per event.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String key = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Requests so far, by {@code Service.Operation}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, count) -> snapshot.put(key, count.sum()));
        return snapshot;
    }

    /** Requests so far to one service ({@code DynamoDb}, {@code Sqs}, {@code Sns}, ...). */
    public long total(String service) {
        return counts.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(service + "."))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
    }

    public void reset() {
        counts.clear();
    }
}
