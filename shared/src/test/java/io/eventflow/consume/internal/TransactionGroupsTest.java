package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

class TransactionGroupsTest {

    private static TransactWriteItem update(String key) {
        return TransactWriteItem.builder().update(update -> update.tableName("t")
                .key(Map.of("pk", AttributeValue.fromS(key))).updateExpression("ADD n :one")).build();
    }

    /** Every group, as the processor takes them one after another (each after the one before it is committed). */
    private static <T> List<TransactionGroups.Group<T>> packAll(List<T> records, TransactionGroups.Effects<T> effects) {
        List<TransactionGroups.Group<T>> groups = new ArrayList<>();
        for (int start = 0; start < records.size(); start += groups.getLast().members().size()) {
            groups.add(TransactionGroups.first(records.subList(start, records.size()), effects));
        }
        return groups;
    }

    @Test
    void recordsWithDistinctItemsShareOneTransaction() {
        List<TransactionGroups.Group<String>> groups = packAll(List.of("a", "b", "c"),
                records -> records.stream().map(TransactionGroupsTest::update).toList());
        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.members()).containsExactly("a", "b", "c");
            assertThat(group.effects()).hasSize(3);
        });
    }

    @Test
    void aRecordTouchingAnItemAlreadyInTheGroupStartsANewOne() {
        List<TransactionGroups.Group<String>> groups = packAll(List.of("a", "b", "a2", "c"),
                records -> records.stream().map(record -> update(record.substring(0, 1))).toList());
        assertThat(groups).extracting(TransactionGroups.Group::members)
                .containsExactly(List.of("a", "b"), List.of("a2", "c"));
    }

    @Test
    void claimsAndEffectsNeverExceedAHundredItems() {
        List<Integer> records = IntStream.range(0, 40).boxed().toList();
        // Each record: one claim plus two effects = 3 items; 33 records fit (99), the 34th would make 102.
        List<TransactionGroups.Group<Integer>> groups = packAll(records, batch -> {
            List<TransactWriteItem> effects = new ArrayList<>();
            batch.forEach(record -> {
                effects.add(update(record + "x"));
                effects.add(update(record + "y"));
            });
            return effects;
        });
        assertThat(groups).extracting(group -> group.members().size()).containsExactly(33, 7);
        groups.forEach(group -> assertThat(group.members().size() + group.effects().size()).isLessThanOrEqualTo(TransactionGroups.MAX_ITEMS));
    }

    @Test
    void recordsWhoseEffectsCannotBeComputedStandAlone() {
        List<TransactionGroups.Group<String>> groups = packAll(List.of("a", "bad", "c"), records -> {
            if (records.contains("bad")) {
                throw new IllegalStateException("no effects for bad");
            }
            return records.stream().map(TransactionGroupsTest::update).toList();
        });
        assertThat(groups).extracting(TransactionGroups.Group::members)
                .containsExactly(List.of("a"), List.of("bad"), List.of("c"));
        assertThat(groups.get(1).effects()).as("left for the per-record path to report").isNull();
    }
}
