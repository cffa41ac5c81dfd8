package io.eventflow.telemetry.internal;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * Reads trace context from an SQS message as Lambda delivers it: W3C {@code traceparent}/{@code tracestate} (and
 * baggage, B3...) from its message attributes, which SNS raw delivery copies from the publish; the X-Ray header from
 * the {@code AWSTraceHeader} system attribute, which SNS and SQS set when X-Ray tracing is active.
 */
public enum SqsMessageGetter implements TextMapGetter<SQSEvent.SQSMessage> {
    INSTANCE;

    /** The header name the X-Ray propagator reads. */
    static final String XRAY_HEADER = "X-Amzn-Trace-Id";
    /** The SQS system attribute carrying it. */
    static final String AWS_TRACE_HEADER = "AWSTraceHeader";

    @Override
    public String get(SQSEvent.SQSMessage message, String key) {
        if (message == null) {
            return null;
        }
        if (XRAY_HEADER.equalsIgnoreCase(key)) {
            Map<String, String> system = message.getAttributes();
            return system == null ? null : system.get(AWS_TRACE_HEADER);
        }
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
        SQSEvent.MessageAttribute attribute = attributes == null ? null : attributes.get(key);
        return attribute == null ? null : attribute.getStringValue();
    }
}
