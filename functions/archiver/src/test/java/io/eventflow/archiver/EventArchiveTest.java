package io.eventflow.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.archive.ArchiveItem;
import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class EventArchiveTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final Event EVENT = CODEC.decode("{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"https://shop.example.com/orders\","
            + "\"type\":\"order.created\",\"time\":\"2026-02-11T23:59:59.999Z\",\"subject\":\"ord_456\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"order_id\":\"ord_456\"}}");
    /** The archive reads nothing to compute its effects. */
    private static final ItemReads NO_READS = (table, key) -> {
        throw new AssertionError("read " + table);
    };
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-02-12T08:00:00Z"), ZoneOffset.UTC);

    @Test
    void oneUnconditionalPutOfTheWholeEnvelope() {
        List<TransactWriteItem> effects = new EventArchive("archive", Duration.ofDays(365), CODEC, NOW).effects(Delivery.of(EVENT), NO_READS);

        assertThat(effects).hasSize(1);
        Put put = effects.getFirst().put();
        assertThat(put.tableName()).isEqualTo("archive");
        assertThat(put.conditionExpression()).isNull();
        assertThat(put.item().get(ArchiveItem.EVENT_ID).s()).isEqualTo("evt-1");
        assertThat(put.item().get(ArchiveItem.TYPE).s()).isEqualTo("order.created");
        assertThat(put.item().get(ArchiveItem.TYPE_DAY).s()).isEqualTo("order.created#2026-02-11");
        assertThat(put.item().get(ArchiveItem.TIME_ID).s()).isEqualTo("2026-02-11T23:59:59.999Z#evt-1");
        assertThat(put.item().get(ArchiveItem.SUBJECT).s()).isEqualTo("ord_456");
        assertThat(put.item().get(ArchiveItem.SOURCE).s()).isEqualTo("https://shop.example.com/orders");
        assertThat(put.item().get(ArchiveItem.ARCHIVED_AT).s()).isEqualTo("2026-02-12T08:00:00.000Z");
        assertThat(put.item().get(ArchiveItem.EXPIRES_AT).n())
                .isEqualTo(Long.toString(Instant.parse("2027-02-11T23:59:59Z").getEpochSecond()));
        assertThat(CODEC.decode(put.item().get(ArchiveItem.ENVELOPE).s())).isEqualTo(EVENT);
    }

    @Test
    void aRetentionOfZeroKeepsTheEventForever() {
        Put put = new EventArchive("archive", Duration.ZERO, CODEC, NOW).effects(Delivery.of(EVENT), NO_READS).getFirst().put();

        assertThat(put.item()).doesNotContainKey(ArchiveItem.EXPIRES_AT);
    }

    @Test
    void aBatchIsOnePutPerEvent() throws Exception {
        Event other = EVENT.toBuilder().id("evt-2").build();

        List<TransactWriteItem> effects = new EventArchive("archive", Duration.ofDays(1), CODEC, NOW).effects(List.of(Delivery.of(EVENT), Delivery.of(other)), NO_READS);

        assertThat(effects).extracting(effect -> effect.put().item().get(ArchiveItem.EVENT_ID).s()).containsExactly("evt-1", "evt-2");
    }
}
