package io.eventflow.ledger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.telemetry.Telemetry;

/**
 * Lambda entry point of the ledger: books account events exactly once into the event store and its projection, and
 * publishes the events it derives (an overdraft) from its outbox after each batch that made any, and at its first
 * invocation (whatever an earlier environment left behind).
 */
public final class LedgerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The versions of the account events it books. */
    public static final ReadVersions READS = ReadVersions.builder()
            .reads("account.opened", 1)
            .reads("deposit.made", 1)
            .reads("withdrawal.made", 1)
            .build();

    private final SqsBatchProcessor processor;
    private final DerivedEventRelay relay;
    private final Telemetry telemetry;
    private boolean flushedOnce;

    /** Called by Lambda once per execution environment; with SnapStart, primed before the snapshot. */
    public LedgerHandler() {
        this(FunctionEnvironment.fromSystem().primedBeforeSnapshot(LedgerHandler::new, READS));
    }

    /** Wires the ledger to a given environment (tests, the local runner). */
    public LedgerHandler(FunctionEnvironment environment) {
        LedgerSettings settings = LedgerSettings.from(environment.config());
        AccountLedger ledger = new AccountLedger(environment.clients().dynamoDb(), settings.table(), settings.snapshotInterval());
        this.relay = new DerivedEventRelay(environment.clients().dynamoDb(), settings.table(), environment.publisher());
        // The derived events are in the outbox already, committed with their causes: the relay publishes from there.
        this.processor = environment.batchProcessor().reads(READS).transactionalHandler(ledger).derivedEvents(derived -> relay.flush()).build();
        this.telemetry = environment.telemetry();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        // The relay's publications belong to the invocation's trace: inside handle, before its flush.
        return telemetry.handle(event, context, (batch, invocation) -> {
            if (!flushedOnce) {
                relay.flush();
                flushedOnce = true;
            }
            return processor.process(batch, invocation);
        });
    }
}
