package io.eventflow.local;

import io.eventflow.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A move of the example events in time by whole days, so the latest lands on today (UTC). The files under
 * {@code events/examples} keep the dates they were written on, and consumers refuse events older than their time
 * window (two years by default), so the demo and {@code publish <type>} send the examples moved. Whole days keep each
 * example's time of day and the days between them (the demo counts one per type and day); the latest can therefore be
 * later than now by up to its time of day, which admission's default one day of clock skew accepts.
 *
 * @param days how many days each example moves (negative: back)
 */
public record ExampleTimes(long days) {

    /** The move that puts the latest of these examples on the clock's day, in UTC. */
    public static ExampleTimes latestOnToday(Collection<Event> examples, Clock clock) {
        LocalDate latest = examples.stream().map(Event::time).max(Comparator.naturalOrder())
                .map(time -> LocalDate.ofInstant(time, ZoneOffset.UTC))
                .orElseThrow(() -> new IllegalArgumentException("no examples to move"));
        return new ExampleTimes(ChronoUnit.DAYS.between(latest, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }

    /** The example, same id and data, at its moved time. */
    public Event shift(Event example) {
        return example.toBuilder().time(shift(example.time())).build();
    }

    public List<Event> shift(List<Event> examples) {
        return examples.stream().map(this::shift).toList();
    }

    private Instant shift(Instant time) {
        return time.plus(days, ChronoUnit.DAYS);
    }
}
