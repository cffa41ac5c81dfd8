package io.eventflow.local.traces;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every span received, in memory, in arrival order: what the demo summarizes its traces from. */
public final class ReceivedSpans implements SpanSink {

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    @Override
    public void accept(List<ReceivedSpan> received) {
        spans.addAll(received);
    }

    /** All spans so far. */
    public List<ReceivedSpan> all() {
        return List.copyOf(spans);
    }

    /** The spans matching a filter. */
    public List<ReceivedSpan> matching(Predicate<ReceivedSpan> filter) {
        return spans.stream().filter(filter).toList();
    }

    /** The spans of one trace. */
    public List<ReceivedSpan> trace(String traceId) {
        return matching(span -> span.traceId().equals(traceId));
    }

    /**
     * The traces, in the order their first span arrived, that have a span whose attribute under one of the keys
     * equals the value.
     */
    public Set<String> traceIdsWithAttribute(Collection<String> keys, String value) {
        Objects.requireNonNull(value);
        Set<String> traceIds = new LinkedHashSet<>();
        for (ReceivedSpan span : spans) {
            if (keys.stream().anyMatch(key -> span.attribute(key).map(Object::toString).filter(value::equals).isPresent())) {
                traceIds.add(span.traceId());
            }
        }
        return traceIds;
    }
}
