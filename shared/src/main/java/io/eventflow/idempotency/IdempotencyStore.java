package io.eventflow.idempotency;

import io.eventflow.internal.ErrorText;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Idempotency records in DynamoDB, one item per {@code {consumer}#{event id}} key:
 * {@code status} (INPROGRESS, COMPLETED, FAILED), {@code lease_until} (epoch ms), {@code expires_at} (epoch s, the
 * table's TTL attribute), {@code payload_hash}, {@code attempts}, {@code last_error}.
 *
 * <p>A claim is one conditional write that succeeds when the key is free: absent, expired, failed, or held under an
 * expired lease. When it fails, DynamoDB returns the existing item with the error
 * ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}), so telling a duplicate from a conflict costs no extra read.
 * The claim is an UpdateItem rather than a PutItem so that {@code attempts} and {@code last_error} survive retries.
 *
 * <p>{@link #claimAndApply} is the transactional path: the claim, written directly as COMPLETED, and the handler's own
 * DynamoDB writes go in one {@code TransactWriteItems}, so the effect happens exactly once or not at all.
 */
public final class IdempotencyStore {

    static final String KEY = "id";
    static final String STATUS = "status";
    static final String LEASE_UNTIL = "lease_until";
    static final String EXPIRES_AT = "expires_at";
    static final String PAYLOAD_HASH = "payload_hash";
    static final String ATTEMPTS = "attempts";
    static final String LAST_ERROR = "last_error";

    static final String IN_PROGRESS = "INPROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    /** DynamoDB items hold at most 400 KB; an error message needs far less. */
    private static final int MAX_ERROR_LENGTH = 1000;
    /** DynamoDB's limit of keys per {@code BatchGetItem}. */
    private static final int MAX_BATCH_GET = 100;

    private static final String CLAIMABLE = "attribute_not_exists(#id) OR #expires < :now_s"
            + " OR ((#status = :failed OR (#status = :in_progress AND #lease < :now_ms)) AND #hash = :hash)";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration recordTtl;
    private final Clock clock;

    private IdempotencyStore(Builder builder) {
        this.dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDbClient");
        this.tableName = Objects.requireNonNull(builder.tableName, "tableName");
        this.recordTtl = builder.recordTtl;
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Claims a key as IN PROGRESS for {@code lease}: if this worker dies, another may claim it once the lease ends.
     */
    public ClaimOutcome claim(String key, String payloadHash, Duration lease) {
        long now = clock.millis();
        Map<String, AttributeValue> values = claimValues(now, payloadHash, IN_PROGRESS);
        values.put(":lease_until", number(now + lease.toMillis()));
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(key))
                    .updateExpression("SET #status = :new_status, #lease = :lease_until, #expires = :expires, #hash = :hash"
                            + " ADD #attempts :one")
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(names())
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return ClaimOutcome.CLAIMED;
        } catch (ConditionalCheckFailedException e) {
            return classify(e.item(), payloadHash);
        }
    }

    /**
     * Claims the key directly as COMPLETED together with {@code effects}, in one {@code TransactWriteItems}: either the
     * effects are applied and the key completed, or nothing is written.
     *
     * @return {@link ClaimOutcome#CLAIMED} when the effects were applied; otherwise why nothing was written
     * @throws TransactionCanceledException when an effect's own condition failed or the transaction conflicted
     */
    public ClaimOutcome claimAndApply(String key, String payloadHash, List<TransactWriteItem> effects) {
        return claimAndApplyAll(List.of(new Claim(key, payloadHash)), effects).getFirst();
    }

    /**
     * Claims several keys directly as COMPLETED together with {@code effects}, all in one {@code TransactWriteItems}
     * (at most 100 items in all, each item at most once): a whole batch's state change in one request.
     *
     * @return per claim, in order: all {@link ClaimOutcome#CLAIMED} when the transaction committed; when it was
     *     cancelled because some claims were not free, their outcomes, and {@link ClaimOutcome#NOT_APPLIED} for the
     *     others (nothing was written for them either)
     * @throws TransactionCanceledException when the cancellation is not explained by any claim (an effect's own
     *     condition failed, or the transaction conflicted with another)
     */
    public List<ClaimOutcome> claimAndApplyAll(List<Claim> claims, List<TransactWriteItem> effects) {
        long now = clock.millis();
        List<TransactWriteItem> items = new ArrayList<>(claims.size() + effects.size());
        for (Claim claim : claims) {
            items.add(TransactWriteItem.builder().update(Update.builder()
                            .tableName(tableName)
                            .key(key(claim.key()))
                            .updateExpression("SET #status = :new_status, #expires = :expires, #hash = :hash"
                                    + " ADD #attempts :one REMOVE #lease")
                            .conditionExpression(CLAIMABLE)
                            .expressionAttributeNames(names())
                            .expressionAttributeValues(claimValues(now, claim.payloadHash(), COMPLETED))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .build());
        }
        items.addAll(effects);
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(items));
            return claims.stream().map(claim -> ClaimOutcome.CLAIMED).toList();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            List<ClaimOutcome> outcomes = new ArrayList<>(claims.size());
            boolean explained = false;
            for (int i = 0; i < claims.size(); i++) {
                CancellationReason reason = i < reasons.size() ? reasons.get(i) : null;
                if (reason != null && "ConditionalCheckFailed".equals(reason.code())) {
                    outcomes.add(classify(reason.item(), claims.get(i).payloadHash()));
                    explained = true;
                } else {
                    outcomes.add(ClaimOutcome.NOT_APPLIED);
                }
            }
            if (!explained) {
                throw e;
            }
            return outcomes;
        }
    }

    /** Marks a claimed key COMPLETED. */
    public void complete(String key) {
        dynamoDb.updateItem(request -> request
                .tableName(tableName)
                .key(key(key))
                .updateExpression("SET #status = :completed REMOVE #lease")
                .expressionAttributeNames(Map.of("#status", STATUS, "#lease", LEASE_UNTIL))
                .expressionAttributeValues(Map.of(":completed", string(COMPLETED))));
    }

    /**
     * Marks a key FAILED with the error, releasing it so a retry can claim it. Also creates the record when the
     * failure came before any claim (the transactional path), so the reason is always on record. A record that is
     * COMPLETED, or belongs to other content, is left alone: a late failure report must never reopen finished work.
     */
    public void fail(String key, String payloadHash, Throwable error) {
        long now = clock.millis();
        String message = error.getClass().getSimpleName() + ": " + Objects.requireNonNullElse(error.getMessage(), "");
        try {
            dynamoDb.updateItem(request -> request
                    .tableName(tableName)
                    .key(key(key))
                    .updateExpression("SET #status = :failed, #error = :error, #hash = :hash, #expires = :expires REMOVE #lease")
                    .conditionExpression("attribute_not_exists(#id) OR (#status <> :completed AND #hash = :hash)")
                    .expressionAttributeNames(Map.of("#id", KEY, "#status", STATUS, "#error", LAST_ERROR,
                            "#hash", PAYLOAD_HASH, "#expires", EXPIRES_AT, "#lease", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(
                            ":failed", string(FAILED),
                            ":completed", string(COMPLETED),
                            ":error", string(ErrorText.forAttribute(message, MAX_ERROR_LENGTH)),
                            ":hash", string(payloadHash),
                            ":expires", number(now / 1000 + recordTtl.toSeconds()))));
        } catch (ConditionalCheckFailedException finishedOrForeign) {
            // Completed meanwhile, or another payload's record: nothing to release.
        }
    }

    /**
     * Which of these keys are COMPLETED and not yet expired: the work a replay in recover mode need not send again.
     * One {@code BatchGetItem} per 100 keys (eventually consistent: a record completed a moment ago may be missed,
     * which costs a redundant delivery that the claim then skips).
     */
    public Set<String> completed(Collection<String> keys) {
        long nowSeconds = clock.millis() / 1000;
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Set<String> completed = new HashSet<>();
        for (int from = 0; from < distinct.size(); from += MAX_BATCH_GET) {
            List<Map<String, AttributeValue>> wanted = distinct.subList(from, Math.min(distinct.size(), from + MAX_BATCH_GET))
                    .stream().map(IdempotencyStore::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                    .keys(wanted)
                    .projectionExpression("#id, #status, #expires")
                    .expressionAttributeNames(Map.of("#id", KEY, "#status", STATUS, "#expires", EXPIRES_AT))
                    .build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = dynamoDb.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                    AttributeValue expires = item.get(EXPIRES_AT);
                    if (COMPLETED.equals(item.get(STATUS).s()) && (expires == null || Long.parseLong(expires.n()) >= nowSeconds)) {
                        completed.add(item.get(KEY).s());
                    }
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return completed;
    }

    private ClaimOutcome classify(Map<String, AttributeValue> existing, String payloadHash) {
        if (existing == null || existing.isEmpty()) {
            // Only an emulator omits the old item; the key exists, so the safe answer is "try later".
            return ClaimOutcome.IN_PROGRESS;
        }
        AttributeValue hash = existing.get(PAYLOAD_HASH);
        if (hash != null && !payloadHash.equals(hash.s())) {
            return ClaimOutcome.PAYLOAD_CONFLICT;
        }
        AttributeValue status = existing.get(STATUS);
        return status != null && COMPLETED.equals(status.s()) ? ClaimOutcome.DUPLICATE : ClaimOutcome.IN_PROGRESS;
    }

    private Map<String, AttributeValue> claimValues(long nowMillis, String payloadHash, String newStatus) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now_s", number(nowMillis / 1000));
        values.put(":now_ms", number(nowMillis));
        values.put(":failed", string(FAILED));
        values.put(":in_progress", string(IN_PROGRESS));
        values.put(":new_status", string(newStatus));
        values.put(":expires", number(nowMillis / 1000 + recordTtl.toSeconds()));
        values.put(":hash", string(payloadHash));
        values.put(":one", number(1));
        return values;
    }

    private static Map<String, String> names() {
        return Map.of("#id", KEY, "#status", STATUS, "#lease", LEASE_UNTIL, "#expires", EXPIRES_AT,
                "#hash", PAYLOAD_HASH, "#attempts", ATTEMPTS);
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, string(key));
    }

    private static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /**
     * One key to claim in {@link #claimAndApplyAll}.
     *
     * @param key the idempotency key ({@code consumer#event id})
     * @param payloadHash the event's {@link PayloadHash}
     */
    public record Claim(String key, String payloadHash) {}

    /** Builder for {@link IdempotencyStore}. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private String tableName;
        private Duration recordTtl = Duration.ofDays(7);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder dynamoDbClient(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** How long a record is kept (the table's TTL deletes it after); 7 days by default. */
        public Builder recordTtl(Duration recordTtl) {
            this.recordTtl = Objects.requireNonNull(recordTtl);
            return this;
        }

        /** The clock leases and expiry are measured on; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public IdempotencyStore build() {
            return new IdempotencyStore(this);
        }
    }
}
