package io.eventflow.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Counts, by subject, the emails SES accepted ({@code SendEmail} calls that succeeded), seen on the SDK's wire. The
 * soak uses it instead of the emulator's own read-back, which slows down as the emulator accumulates state.
 */
final class SentEmailRecorder implements ExecutionInterceptor {

    private final Map<String, LongAdder> bySubject = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest email && email.content() != null && email.content().simple() != null) {
            bySubject.computeIfAbsent(email.content().simple().subject().data(), subject -> new LongAdder()).increment();
        }
    }

    /** Accepted emails by subject. */
    Map<String, Long> bySubject() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        bySubject.forEach((subject, count) -> counts.put(subject, count.sum()));
        return counts;
    }
}
