package io.eventflow.local.traces;

import java.net.URI;
import java.util.List;

/**
 * A trace one published event belongs to.
 *
 * @param eventId the event's id
 * @param traceId the trace's id; null when no span carrying the event's id was received
 * @param spans the spans received for the trace (0 when none)
 * @param services the services those spans came from, sorted
 * @param zipkinUrl the trace's page in the Zipkin UI; null without a trace
 */
public record EventTrace(String eventId, String traceId, int spans, List<String> services, URI zipkinUrl) {}
