package io.eventflow.local.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the traces of published events among the received spans: a trace belongs to an event when one of its spans
 * carries the event's id in an attribute (the publisher's PRODUCER span and each consumer's per-message span do).
 */
public final class EventTraces {

    /**
     * The attributes looked at for an event id, in order: the CloudEvents semantic convention eventflow's telemetry
     * sets, then spellings other instrumentation uses.
     */
    public static final List<String> EVENT_ID_ATTRIBUTES = List.of("cloudevents.event_id", "eventflow.event_id", "event.id");

    private static final Logger LOG = LoggerFactory.getLogger(EventTraces.class);

    private EventTraces() {}

    /**
     * One entry per trace of each event, in the order the traces' spans arrived; an event without any has one entry
     * with no trace and 0 spans. Each trace is checked against Zipkin's API: a trace Zipkin lacks, or holds fewer spans
     * of, is logged as a warning.
     */
    public static List<EventTrace> of(List<String> eventIds, ReceivedSpans received, ZipkinServer zipkin) {
        List<EventTrace> traces = new ArrayList<>();
        for (String eventId : eventIds) {
            Set<String> traceIds = received.traceIdsWithAttribute(EVENT_ID_ATTRIBUTES, eventId);
            if (traceIds.isEmpty()) {
                traces.add(new EventTrace(eventId, null, 0, List.of(), null));
            }
            for (String traceId : traceIds) {
                List<ReceivedSpan> spans = received.trace(traceId);
                Set<String> services = new TreeSet<>();
                spans.forEach(span -> services.add(span.service()));
                traces.add(new EventTrace(eventId, traceId, spans.size(), List.copyOf(services), zipkin.traceUrl(traceId)));
                verify(zipkin, traceId, spans.size());
            }
        }
        return traces;
    }

    private static void verify(ZipkinServer zipkin, String traceId, int received) {
        List<JsonNode> stored = zipkin.trace(traceId);
        if (stored.size() < received) {
            LOG.warn("Zipkin holds {} of the {} spans received for trace {}", stored.size(), received, traceId);
        }
    }
}
