package io.eventflow.replay;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.internal.ErrorText;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Replay jobs in a DynamoDB table (partition key {@code replay_id}): created once, then claimed by one runner at a
 * time under a lease, checkpointed as the runner goes, finished. Every write after creation is conditional on the
 * runner still holding the job and no cancel having been asked for, so a second runner (a duplicated continuation
 * message, say) cannot send the same events again, and a cancel is noticed at the next checkpoint at no extra cost.
 *
 * <p>Thread-safe; build one per table and reuse it.
 */
public final class ReplayJobStore {

    static final String KEY = "replay_id";
    private static final String TARGET = "target";
    private static final String QUEUE_URL = "queue_url";
    private static final String TYPES = "types";
    private static final String FROM = "from";
    private static final String TO = "to";
    private static final String SUBJECT = "subject";
    private static final String MODE = "mode";
    private static final String RATE = "rate";
    private static final String STATE = "state";
    private static final String SENT = "sent";
    private static final String SKIPPED = "skipped";
    private static final String CURSOR = "cursor";
    private static final String ERROR = "error";
    private static final String CANCEL = "cancel_requested";
    private static final String RUNNER = "runner";
    private static final String LEASE = "lease_until";
    private static final String CREATED = "created_at";
    private static final String UPDATED = "updated_at";
    private static final String EXPIRES = "expires_at";
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;
    private final Duration recordTtl;
    private final SecureRandom random = new SecureRandom();

    private ReplayJobStore(Builder builder) {
        this.dynamoDb = Objects.requireNonNull(builder.dynamoDb, "dynamoDbClient");
        this.tableName = Objects.requireNonNull(builder.tableName, "tableName");
        this.clock = builder.clock;
        this.recordTtl = builder.recordTtl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Records a new job, STARTING, with a fresh id ({@code rpl-<utc time>-<random>}: sortable and easy to type). */
    public ReplayJob create(ReplaySpec spec) {
        Instant now = clock.instant();
        String id = "rpl-" + ID_TIME.format(now) + "-" + HexFormat.of().formatHex(random.generateSeed(3));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(id));
        item.put(TARGET, s(spec.target()));
        item.put(QUEUE_URL, s(spec.targetQueueUrl()));
        item.put(TYPES, AttributeValue.fromL(spec.window().types().stream().map(ReplayJobStore::s).toList()));
        item.put(FROM, s(spec.window().from().toString()));
        item.put(TO, s(spec.window().to().toString()));
        spec.window().subjectFilter().ifPresent(subject -> item.put(SUBJECT, s(subject)));
        item.put(MODE, s(spec.mode().code()));
        spec.rate().ifPresent(rate -> item.put(RATE, AttributeValue.fromN(Double.toString(rate))));
        item.put(STATE, s(ReplayState.STARTING.name()));
        item.put(SENT, n(0));
        item.put(SKIPPED, n(0));
        item.put(CREATED, s(now.toString()));
        item.put(UPDATED, s(now.toString()));
        item.put(EXPIRES, n(now.plus(recordTtl).getEpochSecond()));
        dynamoDb.putItem(request -> request.tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", KEY)));
        return read(item);
    }

    /** The job, read consistently; empty when there is none with that id (or it expired). */
    public Optional<ReplayJob> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(tableName)
                .key(Map.of(KEY, s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /**
     * Takes the job for {@code runner} until {@code leaseUntil}: only a job that can still run, that nobody holds (no
     * lease, or one that has passed) and that nobody asked to cancel.
     *
     * @return the job as claimed (RUNNING); empty when it could not be claimed ({@link #find} tells why)
     */
    public Optional<ReplayJob> claim(String id, String runner, Instant leaseUntil) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":running", s(ReplayState.RUNNING.name()),
                ":starting", s(ReplayState.STARTING.name()),
                ":failed", s(ReplayState.FAILED.name()),
                ":runner", s(runner),
                ":lease", n(leaseUntil.toEpochMilli()),
                ":now", n(now.toEpochMilli()),
                ":updated", s(now.toString())));
        try {
            return Optional.of(read(dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(KEY, s(id)))
                    .updateExpression("SET #state = :running, #runner = :runner, #lease = :lease, #updated = :updated REMOVE #error")
                    .conditionExpression("attribute_exists(#id) AND #state IN (:starting, :running, :failed)"
                            + " AND (attribute_not_exists(#lease) OR #lease < :now) AND attribute_not_exists(#cancel)")
                    .expressionAttributeNames(Map.of("#id", KEY, "#state", STATE, "#runner", RUNNER, "#lease", LEASE,
                            "#updated", UPDATED, "#error", ERROR, "#cancel", CANCEL))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes()));
        } catch (ConditionalCheckFailedException notClaimable) {
            return Optional.empty();
        }
    }

    /**
     * Saves progress and extends the lease, if {@code runner} still holds the job and no cancel was asked for.
     *
     * @param leaseUntil the new lease end; {@code now} lets the job go (a runner stopping for time)
     * @return false when the runner must stop: it lost the job, or a cancel is pending
     */
    public boolean checkpoint(String id, String runner, long sent, long skipped, String cursor, Instant leaseUntil) {
        Map<String, AttributeValue> values = progress(sent, skipped, cursor);
        values.put(":runner", s(runner));
        values.put(":lease", n(leaseUntil.toEpochMilli()));
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName).key(Map.of(KEY, s(id)))
                    .updateExpression("SET #sent = :sent, #skipped = :skipped, #cursor = :cursor, #lease = :lease, #updated = :updated")
                    .conditionExpression("#runner = :runner AND attribute_not_exists(#cancel)")
                    .expressionAttributeNames(Map.of("#sent", SENT, "#skipped", SKIPPED, "#cursor", CURSOR, "#lease", LEASE,
                            "#updated", UPDATED, "#runner", RUNNER, "#cancel", CANCEL))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException lostOrCancelled) {
            return false;
        }
    }

    /**
     * Ends the job in {@code state} (COMPLETED, CANCELLED or FAILED) with its final progress, if {@code runner}
     * still holds it, and releases it.
     *
     * @return the job as stored afterwards
     */
    public ReplayJob finish(String id, String runner, ReplayState state, long sent, long skipped, String cursor, String error) {
        Map<String, AttributeValue> values = progress(sent, skipped, cursor);
        values.put(":runner", s(runner));
        values.put(":state", s(state.name()));
        String update = "SET #state = :state, #sent = :sent, #skipped = :skipped, #cursor = :cursor, #updated = :updated";
        if (error != null) {
            values.put(":error", s(ErrorText.forAttribute(error, MAX_ERROR_LENGTH)));
            update += ", #error = :error REMOVE #lease, #runner";
        } else {
            update += " REMOVE #lease, #runner, #error";
        }
        try {
            return read(dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(Map.of(KEY, s(id)))
                    .updateExpression(update)
                    .conditionExpression("#runner = :runner")
                    .expressionAttributeNames(Map.of("#state", STATE, "#sent", SENT, "#skipped", SKIPPED, "#cursor", CURSOR,
                            "#updated", UPDATED, "#error", ERROR, "#lease", LEASE, "#runner", RUNNER))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes());
        } catch (ConditionalCheckFailedException lost) {
            return find(id).orElseThrow();
        }
    }

    /**
     * Cancels a job: at once when nobody is running it (it becomes CANCELLED), else by asking its runner, which stops
     * at its next checkpoint and records CANCELLED. A job already COMPLETED or CANCELLED is left as it is.
     *
     * @return the job as stored afterwards
     * @throws IllegalArgumentException when there is no such job
     */
    public ReplayJob cancel(String id) {
        Instant now = clock.instant();
        Map<String, String> names = Map.of("#id", KEY, "#state", STATE, "#lease", LEASE, "#cancel", CANCEL, "#updated", UPDATED);
        try {
            return read(dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(Map.of(KEY, s(id)))
                    .updateExpression("SET #state = :cancelled, #cancel = :true, #updated = :updated")
                    .conditionExpression("attribute_exists(#id) AND (#state IN (:starting, :failed)"
                            + " OR (#state = :running AND (attribute_not_exists(#lease) OR #lease < :now)))")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":cancelled", s(ReplayState.CANCELLED.name()), ":true", AttributeValue.fromBool(true),
                            ":updated", s(now.toString()), ":starting", s(ReplayState.STARTING.name()),
                            ":failed", s(ReplayState.FAILED.name()), ":running", s(ReplayState.RUNNING.name()),
                            ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes());
        } catch (ConditionalCheckFailedException runningOrDone) {
            try {
                return read(dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(Map.of(KEY, s(id)))
                        .updateExpression("SET #cancel = :true, #updated = :updated")
                        .conditionExpression("#state = :running")
                        .expressionAttributeNames(Map.of("#state", STATE, "#cancel", CANCEL, "#updated", UPDATED))
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":updated", s(now.toString()),
                                ":running", s(ReplayState.RUNNING.name())))
                        .returnValues(ReturnValue.ALL_NEW)
                        .build()).attributes());
            } catch (ConditionalCheckFailedException finishedOrMissing) {
                return find(id).orElseThrow(() -> new IllegalArgumentException("there is no replay job " + id));
            }
        }
    }

    private Map<String, AttributeValue> progress(long sent, long skipped, String cursor) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sent", n(sent));
        values.put(":skipped", n(skipped));
        values.put(":cursor", cursor == null ? AttributeValue.fromNul(true) : s(cursor));
        values.put(":updated", s(clock.instant().toString()));
        return values;
    }

    private static ReplayJob read(Map<String, AttributeValue> item) {
        ArchiveQuery window = ArchiveQuery.builder()
                .types(item.get(TYPES).l().stream().map(AttributeValue::s).toList())
                .from(Instant.parse(item.get(FROM).s()))
                .to(Instant.parse(item.get(TO).s()))
                .subject(text(item, SUBJECT))
                .build();
        ReplaySpec spec = new ReplaySpec(item.get(TARGET).s(), item.get(QUEUE_URL).s(), window,
                ReplayMode.fromCode(item.get(MODE).s()),
                item.containsKey(RATE) ? OptionalDouble.of(Double.parseDouble(item.get(RATE).n())) : OptionalDouble.empty());
        return new ReplayJob(item.get(KEY).s(), spec, ReplayState.valueOf(item.get(STATE).s()),
                Long.parseLong(item.get(SENT).n()), Long.parseLong(item.get(SKIPPED).n()), text(item, CURSOR), text(item, ERROR),
                item.containsKey(CANCEL) && Boolean.TRUE.equals(item.get(CANCEL).bool()),
                item.containsKey(LEASE) ? Instant.ofEpochMilli(Long.parseLong(item.get(LEASE).n())) : null,
                Instant.parse(item.get(CREATED).s()), Instant.parse(item.get(UPDATED).s()));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Builder for {@link ReplayJobStore}. */
    public static final class Builder {
        private DynamoDbClient dynamoDb;
        private String tableName;
        private Clock clock = Clock.systemUTC();
        private Duration recordTtl = Duration.ofDays(90);

        private Builder() {}

        public Builder dynamoDbClient(DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
            return this;
        }

        /** The replay jobs table (partition key {@code replay_id}, TTL on {@code expires_at}). */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How long a job's record is kept after its creation; 90 days by default. */
        public Builder recordTtl(Duration recordTtl) {
            this.recordTtl = Objects.requireNonNull(recordTtl);
            return this;
        }

        public ReplayJobStore build() {
            return new ReplayJobStore(this);
        }
    }
}
