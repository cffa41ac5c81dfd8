package io.eventflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.event.Event;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class DailyTypeCounterTest {

    /** Counting reads nothing. */
    private static final ItemReads NO_READS = (table, key) -> {
        throw new AssertionError("read " + table);
    };

    @Test
    void countsOnTheUtcDayOfTheEventsOwnTime() {
        // 23:30 in New York is already the next day in UTC.
        Instant lateEvening = OffsetDateTime.parse("2026-03-01T23:30:00-05:00").toInstant();
        assertThat(DailyTypeCounter.keyOf(event("deposit.made", lateEvening))).isEqualTo("deposit.made#2026-03-02");
        assertThat(DailyTypeCounter.keyOf(event("deposit.made", Instant.parse("2026-03-02T00:00:00Z")))).isEqualTo("deposit.made#2026-03-02");
        assertThat(DailyTypeCounter.keyOf(event("deposit.made", Instant.parse("2026-03-01T23:59:59.999Z")))).isEqualTo("deposit.made#2026-03-01");
    }

    @Test
    void theEffectIsOneAtomicIncrementOnTheCounterItem() {
        TransactWriteItem effect = new DailyTypeCounter("counts")
                .effects(Delivery.of(event("order.created", Instant.parse("2026-02-11T09:00:00Z"))), NO_READS).getFirst();
        assertThat(effect.update().tableName()).isEqualTo("counts");
        assertThat(effect.update().key().get("pk").s()).isEqualTo("order.created#2026-02-11");
        assertThat(effect.update().updateExpression()).isEqualTo("ADD #count :by");
        assertThat(effect.update().expressionAttributeValues().get(":by").n()).isEqualTo("1");
    }

    @Test
    void aBatchTouchesEachCounterOnceWithTheSumOfItsEvents() {
        Instant day1 = Instant.parse("2026-02-11T09:00:00Z");
        Instant day2 = Instant.parse("2026-02-12T09:00:00Z");
        var effects = new DailyTypeCounter("counts").effects(java.util.stream.Stream.of(
                event("order.created", day1), event("order.created", day1), event("order.created", day2),
                event("deposit.made", day1), event("order.created", day1)).map(Delivery::of).toList(), NO_READS);
        assertThat(effects).extracting(e -> e.update().key().get("pk").s() + "=" + e.update().expressionAttributeValues().get(":by").n())
                .containsExactly("deposit.made#2026-02-11=1", "order.created#2026-02-11=3", "order.created#2026-02-12=1");
    }

    private static Event event(String type, Instant time) {
        return Event.builder().type(type).source("test:/analytics").time(time).data(new ObjectMapper().createObjectNode()).build();
    }
}
