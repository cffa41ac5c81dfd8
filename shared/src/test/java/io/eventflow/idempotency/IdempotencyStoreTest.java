package io.eventflow.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.testing.MutableClock;
import io.eventflow.testing.TestAws;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

@ExtendWith(AwsEmulatorExtension.class)
class IdempotencyStoreTest {

    private static final Duration SEVEN_DAYS = Duration.ofDays(7);

    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static String table;
    private static String counters;

    private MutableClock clock;
    private IdempotencyStore store;
    private String key;

    @BeforeAll
    static void createTables(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
        dynamoDb = clients.dynamoDb();
        table = TestAws.createIdempotencyTable(dynamoDb);
        counters = TestAws.createTable(dynamoDb, TestAws.uniqueName("counters"), "pk");
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void newStoreAndKey() {
        clock = MutableClock.startingNow();
        store = IdempotencyStore.builder().dynamoDbClient(dynamoDb).tableName(table).clock(clock).build();
        key = "test-consumer#" + UUID.randomUUID();
    }

    // --- claim ---

    @Test
    void firstClaimWritesAnInProgressRecordWithLeaseExpiryHashAndOneAttempt() {
        Instant now = clock.instant();

        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.CLAIMED);

        Map<String, AttributeValue> item = record();
        assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
        assertThat(number(item, "lease_until")).isEqualTo(now.toEpochMilli() + 30_000);
        assertThat(number(item, "expires_at")).isEqualTo(now.getEpochSecond() + SEVEN_DAYS.toSeconds());
        assertThat(item.get("payload_hash").s()).isEqualTo("hash-a");
        assertThat(number(item, "attempts")).isEqualTo(1);
        assertThat(item).doesNotContainKey("last_error");
    }

    @Test
    void withTheSystemClockExpiresAtIsSevenDaysAheadInEpochSeconds() {
        IdempotencyStore systemClock = IdempotencyStore.builder().dynamoDbClient(dynamoDb).tableName(table).build();
        long before = Instant.now().getEpochSecond();

        assertThat(systemClock.claim(key, "hash-a", Duration.ofMinutes(1))).isEqualTo(ClaimOutcome.CLAIMED);

        long after = Instant.now().getEpochSecond();
        Map<String, AttributeValue> item = record();
        // Seconds, not milliseconds: the TTL attribute DynamoDB reads is epoch seconds.
        assertThat(number(item, "expires_at")).isBetween(before + SEVEN_DAYS.toSeconds(), after + SEVEN_DAYS.toSeconds());
        assertThat(number(item, "lease_until")).isBetween(before * 1000 + 60_000, (after + 1) * 1000 + 60_000);
    }

    @Test
    void recordTtlIsConfigurable() {
        IdempotencyStore shortTtl = IdempotencyStore.builder()
                .dynamoDbClient(dynamoDb).tableName(table).clock(clock).recordTtl(Duration.ofHours(1)).build();

        shortTtl.claim(key, "hash-a", Duration.ofSeconds(30));

        assertThat(number(record(), "expires_at")).isEqualTo(clock.instant().getEpochSecond() + 3600);
    }

    @Test
    void secondClaimWhileTheLeaseIsValidIsInProgressAndChangesNothing() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));
        Map<String, AttributeValue> before = record();
        clock.advance(Duration.ofSeconds(10));

        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.IN_PROGRESS);

        assertThat(record()).isEqualTo(before);
    }

    @Test
    void claimAfterCompleteIsDuplicate() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        store.complete(key);

        Map<String, AttributeValue> item = record();
        assertThat(item.get("status").s()).isEqualTo("COMPLETED");
        assertThat(item).doesNotContainKey("lease_until");
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.DUPLICATE);
        // Even long after the lease would have ended, a completed key stays a duplicate until it expires.
        clock.advance(Duration.ofDays(6));
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.DUPLICATE);
        assertThat(number(record(), "attempts")).isEqualTo(1);
    }

    @Test
    void sameKeyWithAnotherPayloadAfterCompletionIsPayloadConflict() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));
        store.complete(key);
        Map<String, AttributeValue> before = record();

        assertThat(store.claim(key, "hash-b", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);

        assertThat(record()).isEqualTo(before);
    }

    @Test
    void sameKeyWithAnotherPayloadWhileFailedIsPayloadConflict() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));
        store.fail(key, "hash-a", new IllegalStateException("downstream said no"));
        Map<String, AttributeValue> before = record();

        assertThat(store.claim(key, "hash-b", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);

        assertThat(record()).isEqualTo(before);
    }

    @Test
    void sameKeyWithAnotherPayloadWhileInProgressIsPayloadConflict() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        assertThat(store.claim(key, "hash-b", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);
    }

    @Test
    void failRecordsTheErrorAndReleasesTheKeyForTheNextAttempt() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        store.fail(key, "hash-a", new IllegalStateException("smtp server unreachable"));

        Map<String, AttributeValue> failed = record();
        assertThat(failed.get("status").s()).isEqualTo("FAILED");
        assertThat(failed.get("last_error").s()).contains("smtp server unreachable").contains("IllegalStateException");
        assertThat(failed).doesNotContainKey("lease_until");
        assertThat(number(failed, "attempts")).isEqualTo(1);

        // The lease was 30 s and has not run out: the failure alone released the key.
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.CLAIMED);

        Map<String, AttributeValue> retried = record();
        assertThat(retried.get("status").s()).isEqualTo("INPROGRESS");
        assertThat(number(retried, "attempts")).isEqualTo(2);
        assertThat(retried.get("last_error").s()).contains("smtp server unreachable");
    }

    @Test
    void failTruncatesVeryLongErrorsToAThousandCharacters() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        store.fail(key, "hash-a", new RuntimeException("x".repeat(5000)));

        assertThat(record().get("last_error").s()).hasSize(1000).startsWith("RuntimeException: xxx");
    }

    @Test
    void failWithoutMessageStillNamesTheExceptionType() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        store.fail(key, "hash-a", new NullPointerException());

        assertThat(record().get("last_error").s()).isEqualTo("NullPointerException: ");
    }

    @Test
    void anExpiredLeaseCanBeClaimedByAnotherWorker() {
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(2))).isEqualTo(ClaimOutcome.CLAIMED);

        clock.advance(Duration.ofSeconds(2));
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(2)))
                .as("at the very end of the lease it still holds").isEqualTo(ClaimOutcome.IN_PROGRESS);

        clock.advance(Duration.ofMillis(1));
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.CLAIMED);

        Map<String, AttributeValue> item = record();
        assertThat(number(item, "attempts")).isEqualTo(2);
        assertThat(number(item, "lease_until")).isEqualTo(clock.millis() + 30_000);
    }

    @Test
    void anExpiredCompletedRecordIsClaimableAgain() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));
        store.complete(key);
        long expiresAt = number(record(), "expires_at");

        clock.set(Instant.ofEpochSecond(expiresAt));
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30)))
                .as("not yet expired at expires_at itself").isEqualTo(ClaimOutcome.DUPLICATE);

        clock.set(Instant.ofEpochSecond(expiresAt + 1));
        assertThat(store.claim(key, "hash-a", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.CLAIMED);

        Map<String, AttributeValue> item = record();
        assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
        assertThat(number(item, "expires_at")).isEqualTo(expiresAt + 1 + SEVEN_DAYS.toSeconds());
    }

    @Test
    void anExpiredRecordNoLongerGuardsItsPayloadHash() {
        store.claim(key, "hash-a", Duration.ofSeconds(30));
        store.complete(key);

        clock.advance(SEVEN_DAYS.plusSeconds(1));

        // What TTL deletion would have allowed: the key is free, whatever the payload.
        assertThat(store.claim(key, "hash-b", Duration.ofSeconds(30))).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(record().get("payload_hash").s()).isEqualTo("hash-b");
    }

    // --- claimAndApply ---

    @Test
    void claimAndApplyAppliesTheEffectsExactlyOnce() {
        String counter = TestAws.uniqueName("counter");

        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.CLAIMED);
        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.DUPLICATE);

        assertThat(counterValue(counter)).isEqualTo(1);
        Map<String, AttributeValue> item = record();
        assertThat(item.get("status").s()).isEqualTo("COMPLETED");
        assertThat(item.get("payload_hash").s()).isEqualTo("hash-a");
        assertThat(number(item, "attempts")).isEqualTo(1);
        assertThat(number(item, "expires_at")).isEqualTo(clock.instant().getEpochSecond() + SEVEN_DAYS.toSeconds());
        assertThat(item).doesNotContainKey("lease_until");
    }

    @Test
    void aLateFailureNeverReopensACompletedRecord() {
        String counter = TestAws.uniqueName("counter");
        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.CLAIMED);

        // e.g. a redelivery whose effects could not be computed, or a claim call that timed out
        store.fail(key, "hash-a", new IllegalStateException("transient"));
        store.fail(key, "hash-b", new IllegalStateException("other content"));

        assertThat(record().get("status").s()).isEqualTo("COMPLETED");
        assertThat(record().get("payload_hash").s()).isEqualTo("hash-a");
        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.DUPLICATE);
        assertThat(counterValue(counter)).isEqualTo(1);
    }

    @Test
    void claimAndApplyWithAnotherPayloadIsConflictAndAppliesNothing() {
        String counter = TestAws.uniqueName("counter");
        store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)));

        assertThat(store.claimAndApply(key, "hash-b", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.PAYLOAD_CONFLICT);

        assertThat(counterValue(counter)).isEqualTo(1);
    }

    @Test
    void claimAndApplyWhileAnotherWorkerHoldsTheLeaseAppliesNothing() {
        String counter = TestAws.uniqueName("counter");
        store.claim(key, "hash-a", Duration.ofSeconds(30));

        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.IN_PROGRESS);

        assertThat(TestAws.item(dynamoDb, counters, "pk", counter)).isEmpty();
    }

    @Test
    void anEffectWhoseConditionFailsRollsBackTheWholeTransaction() {
        String applied = TestAws.uniqueName("counter");
        String guarded = TestAws.uniqueName("missing");
        TransactWriteItem failing = TransactWriteItem.builder().update(update -> update
                        .tableName(counters)
                        .key(Map.of("pk", AttributeValue.fromS(guarded)))
                        .updateExpression("ADD #n :one")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#n", "n"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                .build();

        assertThatThrownBy(() -> store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, applied), failing)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                        e.cancellationReasons().stream().map(CancellationReason::code).toList())
                        .containsExactly("None", "None", "ConditionalCheckFailed"));

        assertThat(record()).as("idempotency record").isEmpty();
        assertThat(TestAws.item(dynamoDb, counters, "pk", applied)).as("the other effect").isEmpty();
        assertThat(TestAws.item(dynamoDb, counters, "pk", guarded)).isEmpty();
    }

    @Test
    void claimAndApplyRetriesAKeyThatFailedBefore() {
        String counter = TestAws.uniqueName("counter");
        // The transactional path records a failure without any claim before it.
        store.fail(key, "hash-a", new IllegalStateException("effects could not be computed"));
        assertThat(record().get("status").s()).isEqualTo("FAILED");

        assertThat(store.claimAndApply(key, "hash-a", List.of(TestAws.increment(counters, counter)))).isEqualTo(ClaimOutcome.CLAIMED);

        assertThat(counterValue(counter)).isEqualTo(1);
        assertThat(record().get("status").s()).isEqualTo("COMPLETED");
    }

    private Map<String, AttributeValue> record() {
        return TestAws.item(dynamoDb, table, "id", key);
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        assertThat(item).containsKey(attribute);
        return Long.parseLong(item.get(attribute).n());
    }

    private static long counterValue(String counter) {
        return number(TestAws.item(dynamoDb, counters, "pk", counter), "n");
    }
}
