package io.eventflow.consume.internal;

import io.eventflow.internal.PlatformLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Packs records into as few {@code TransactWriteItems} as DynamoDB allows: at most 100 items (one claim per record
 * plus their combined effects), about 4 MB, and no item touched twice in one transaction. Records keep their order;
 * each group is the longest run from where the last one ended that still fits, packed only once the one before it is
 * committed, since its effects may read what that one wrote (the ledger's projections).
 */
public final class TransactionGroups {

    /** DynamoDB's limit on the items of one transaction. */
    static final int MAX_ITEMS = PlatformLimits.DYNAMODB_TRANSACTION_ITEMS;
    /** DynamoDB's limit on a transaction's size, with room left for the claims and the request's own overhead. */
    static final long MAX_EFFECT_BYTES = PlatformLimits.DYNAMODB_TRANSACTION_BYTES - 500_000;

    private TransactionGroups() {}

    /** The combined effects of some records; may throw, in which case those records are committed one by one. */
    @FunctionalInterface
    public interface Effects<T> {
        List<TransactWriteItem> of(List<T> records) throws Exception;
    }

    /**
     * Records committed together.
     *
     * @param members the records, in their batch order
     * @param effects their combined effects, or null when computing them failed
     */
    public record Group<T>(List<T> members, List<TransactWriteItem> effects) {}

    /**
     * The records to commit first: the longest run from the first record whose combined effects fit one transaction,
     * or the first record alone. The caller commits it before it asks for the next group, whose effects are then
     * computed from reads made after that commit.
     */
    public static <T> Group<T> first(List<T> records, Effects<T> effects) {
        // Largest group first: the usual batch fits whole, so its effects are computed once.
        for (int end = records.size(); end > 1; end--) {
            List<T> members = List.copyOf(records.subList(0, end));
            List<TransactWriteItem> combined = effectsOrNull(effects, members);
            if (combined != null && fits(members.size(), combined)) {
                return new Group<>(members, combined);
            }
        }
        List<T> alone = List.of(records.getFirst());
        return new Group<>(alone, effectsOrNull(effects, alone));
    }

    private static <T> List<TransactWriteItem> effectsOrNull(Effects<T> effects, List<T> records) {
        try {
            return effects.of(records);
        } catch (Exception e) {
            return null;
        }
    }

    static boolean fits(int claims, List<TransactWriteItem> effects) {
        if (claims + effects.size() > MAX_ITEMS) {
            return false;
        }
        Set<String> touched = new HashSet<>();
        long bytes = 0;
        for (TransactWriteItem effect : effects) {
            if (!touched.add(identity(effect))) {
                return false;
            }
            // toString() spells out every attribute value: a fair upper estimate of the item's size on the wire.
            bytes += effect.toString().length();
        }
        return bytes <= MAX_EFFECT_BYTES;
    }

    /** Which item a write touches: its table and key (a put's whole item, since its key names are not known here). */
    static String identity(TransactWriteItem item) {
        if (item.update() != null) {
            return item.update().tableName() + "|" + item.update().key();
        }
        if (item.delete() != null) {
            return item.delete().tableName() + "|" + item.delete().key();
        }
        if (item.conditionCheck() != null) {
            return item.conditionCheck().tableName() + "|" + item.conditionCheck().key();
        }
        return item.put().tableName() + "|" + item.put().item();
    }
}
