package io.eventflow.consume.internal;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.consume.RecordOutcome;
import io.eventflow.consume.RecordResult;
import io.eventflow.consume.TransactionalEventHandler;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The commit strategy for effects that are DynamoDB writes: the claims, written directly as COMPLETED, and the
 * handler's writes in one {@code TransactWriteItems}. Per record, or per batch: then a batch's records go in as few
 * transactions as fit ({@link TransactionGroups}), their effects computed once, from reads made once per batch
 * ({@link CachedItemReads}). A transaction cancelled by some records' claims (duplicates, claims held elsewhere)
 * gives those records their outcome and commits the rest together once more; any other failure, or a second
 * cancellation, sends the records down the per-record path, with fresh reads, which isolates the culprit.
 */
public final class ClaimWithEffects implements CommitStrategy<AdmittedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimWithEffects.class);

    private final IdempotencyStore idempotency;
    private final TransactionalEventHandler handler;
    private final DynamoDbClient dynamoDb;
    private final boolean perBatch;
    private final ClaimSettlement settlement;

    /** @param dynamoDb what the handler's {@link ItemReads} read with */
    public ClaimWithEffects(IdempotencyStore idempotency, TransactionalEventHandler handler, DynamoDbClient dynamoDb, boolean perBatch) {
        this.idempotency = idempotency;
        this.handler = handler;
        this.dynamoDb = dynamoDb;
        this.perBatch = perBatch;
        this.settlement = new ClaimSettlement(idempotency);
    }

    @Override
    public boolean together() {
        return perBatch;
    }

    @Override
    public List<RecordResult> commit(List<Admission.Admitted<AdmittedEvent>> records, BatchRun run) {
        List<AdmittedEvent> admitted = records.stream().map(Admission.Admitted::work).toList();
        if (admitted.size() == 1) {
            return List.of(alone(admitted.getFirst(), run));
        }
        Map<String, AdmittedEvent> firsts = new LinkedHashMap<>();
        List<AdmittedEvent> repeats = new ArrayList<>();
        admitted.forEach(record -> {
            if (firsts.putIfAbsent(record.key(), record) != null) {
                repeats.add(record);
            }
        });
        Map<Integer, RecordResult> results = new HashMap<>();
        together(List.copyOf(firsts.values()), new CachedItemReads(dynamoDb), run, results, true);
        for (AdmittedEvent repeat : repeats) {
            AdmittedEvent first = firsts.get(repeat.key());
            RecordOutcome firstOutcome = results.get(first.record().index()).outcome();
            boolean done = firstOutcome == RecordOutcome.PROCESSED || firstOutcome == RecordOutcome.DUPLICATE;
            results.put(repeat.record().index(), done && first.hash().equals(repeat.hash())
                    ? run.failures().result(repeat.record(), repeat.event(), RecordOutcome.DUPLICATE)
                    : alone(repeat, run));
        }
        return admitted.stream().map(record -> results.get(record.record().index())).toList();
    }

    private void together(List<AdmittedEvent> records, ItemReads reads, BatchRun run, Map<Integer, RecordResult> results,
                          boolean mayRetryRest) {
        Map<Integer, Delivery> deliveries = new HashMap<>();
        ItemReads groupReads = reads;
        for (int start = 0; start < records.size(); ) {
            ItemReads effectReads = groupReads;
            TransactionGroups.Group<AdmittedEvent> group = TransactionGroups.first(records.subList(start, records.size()), members -> {
                List<Delivery> fresh = new ArrayList<>();
                members.forEach(member -> {
                    Delivery delivery = member.delivery();
                    deliveries.put(member.record().index(), delivery);
                    fresh.add(delivery);
                });
                return handler.effects(fresh, effectReads);
            });
            start += group.members().size();
            commit(group, deliveries, effectReads, run, results, mayRetryRest);
            // What this group wrote may be what the next one reads: its effects are computed from fresh reads.
            groupReads = new CachedItemReads(dynamoDb);
        }
    }

    /**
     * Commits one group: claims and effects in one transaction, then the records a cancellation left out once more
     * with {@code reads} (a cancelled transaction wrote nothing), or each record alone.
     */
    private void commit(TransactionGroups.Group<AdmittedEvent> group, Map<Integer, Delivery> deliveries, ItemReads reads,
                           BatchRun run, Map<Integer, RecordResult> results, boolean mayRetryRest) {
        List<AdmittedEvent> members = group.members();
        if (members.size() == 1 || group.effects() == null) {
            members.forEach(record -> results.put(record.record().index(), alone(record, run)));
            return;
        }
        List<ClaimOutcome> outcomes;
        try {
            outcomes = idempotency.claimAndApplyAll(
                    members.stream().map(record -> new IdempotencyStore.Claim(record.key(), record.hash())).toList(),
                    group.effects());
        } catch (RuntimeException cancelled) {
            LOG.info("a transaction of {} records failed ({}); committing them one by one", members.size(), cancelled.toString());
            members.forEach(record -> results.put(record.record().index(), alone(record, run)));
            return;
        }
        List<AdmittedEvent> rest = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            AdmittedEvent record = members.get(i);
            ClaimOutcome outcome = outcomes.get(i);
            if (outcome == ClaimOutcome.NOT_APPLIED) {
                rest.add(record);
                continue;
            }
            if (outcome == ClaimOutcome.CLAIMED) {
                run.emitted(record.record(), deliveries.get(record.record().index()).emitted());
            }
            try (Scope _ = run.enter(record.record())) {
                results.put(record.record().index(), settlement.resolve(outcome, record, run.failures()));
            }
        }
        if (mayRetryRest && !rest.isEmpty()) {
            together(rest, reads, run, results, false);
        } else {
            rest.forEach(record -> results.put(record.record().index(), alone(record, run)));
        }
    }

    /** One record in a transaction of its own, its effects computed from fresh reads. */
    private RecordResult alone(AdmittedEvent admitted, BatchRun run) {
        try (Scope _ = run.enter(admitted.record())) {
            try {
                Delivery delivery = admitted.delivery();
                ClaimOutcome claim = idempotency.claimAndApply(admitted.key(), admitted.hash(),
                        handler.effects(delivery, new CachedItemReads(dynamoDb)));
                if (claim == ClaimOutcome.CLAIMED) {
                    run.emitted(admitted.record(), delivery.emitted());
                }
                return settlement.resolve(claim, admitted, run.failures());
            } catch (Exception error) {
                return settlement.failed(admitted, error, run);
            }
        }
    }
}
