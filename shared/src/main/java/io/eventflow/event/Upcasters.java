package io.eventflow.event;

import io.eventflow.event.upcast.OrderShippedV1ToV2;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The version steps of every type, chained: {@link #upcast} takes an event from the version it was written in to a
 * newer one, one {@link Upcaster} per step. The event keeps its id, time and everything else; its {@code dataschema}
 * names the version reached. Immutable.
 */
public final class Upcasters {

    private final Map<String, Upcaster> steps = new HashMap<>();

    private Upcasters(List<Upcaster> steps) {
        steps.forEach(step -> {
            if (this.steps.put(key(step.type(), step.from()), Objects.requireNonNull(step)) != null) {
                throw new IllegalArgumentException("two upcasters for " + step.type() + " v" + step.from());
            }
        });
    }

    /** The steps of the schemas shipped in this jar. */
    public static Upcasters bundled() {
        return of(List.of(new OrderShippedV1ToV2()));
    }

    /**
     * The given steps, at most one per type and version.
     *
     * @throws IllegalArgumentException when two steps start from the same version of a type
     */
    public static Upcasters of(List<Upcaster> steps) {
        return new Upcasters(steps);
    }

    /** Whether every step from version {@code from} of a type to version {@code to} is known. */
    public boolean covers(String type, int from, int to) {
        for (int version = from; version < to; version++) {
            if (!steps.containsKey(key(type, version))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The event in version {@code to}: every step from {@code from} on applied in turn; the event itself when the two
     * are equal. Empty when a step is missing.
     */
    public Optional<Event> upcast(Event event, int from, int to) {
        if (from == to) {
            return Optional.of(event);
        }
        var data = event.data();
        for (int version = from; version < to; version++) {
            Upcaster step = steps.get(key(event.type(), version));
            if (step == null) {
                return Optional.empty();
            }
            data = step.upcast(data);
        }
        return Optional.of(event.toBuilder().dataSchema(EventTypeRegistry.schemaUri(event.type(), to)).data(data).build());
    }

    private static String key(String type, int from) {
        return type + "#" + from;
    }
}
