package io.eventflow.local.traces;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One span as an OTLP exporter sent it, with its resource's service name; ids are lowercase hex. Attribute values
 * are plain Java values: {@code String}, {@code Boolean}, {@code Long}, {@code Double}, {@code List} and {@code Map}
 * of those (bytes as base64 text).
 *
 * @param traceId 32 hex digits
 * @param spanId 16 hex digits
 * @param parentSpanId 16 hex digits, or null for a root span
 * @param name the span's name
 * @param kind the span's kind
 * @param startEpochNanos start time
 * @param endEpochNanos end time
 * @param service the resource's {@code service.name}
 * @param resource the resource's other attributes
 * @param scope the instrumentation scope's name and version (either may be empty)
 * @param attributes the span's attributes, in the order sent
 * @param traceState the W3C trace state, empty when none
 * @param status the span's status
 * @param events the span's events
 * @param links the span's links
 */
public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Kind kind,
                           long startEpochNanos, long endEpochNanos, String service, Map<String, Object> resource,
                           Scope scope, Map<String, Object> attributes, String traceState, Status status,
                           List<Event> events, List<Link> links) {

    /** OTLP's span kinds. */
    public enum Kind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    /** OTLP's status codes. */
    public enum StatusCode { UNSET, OK, ERROR }

    /** The instrumentation scope that made the span. */
    public record Scope(String name, String version) {}

    /** A span's status; the message may be empty. */
    public record Status(StatusCode code, String message) {}

    /** Something that happened during the span (an exception, say). */
    public record Event(long epochNanos, String name, Map<String, Object> attributes, int droppedAttributesCount) {}

    /** A reference to another span, of this trace or another: for batches, the spans of the messages' producers. */
    public record Link(String traceId, String spanId, String traceState, Map<String, Object> attributes,
                       int droppedAttributesCount) {}

    /** The value of an attribute, if the span has it. */
    public Optional<Object> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }
}
