package io.eventflow.ledger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.SqsBatchProcessor;

/** Lambda entry point of the ledger: books account events exactly once into the event store and its projection. */
public final class LedgerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final SqsBatchProcessor processor;

    /** Called by Lambda once per execution environment. */
    public LedgerHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    /** Wires the ledger to a given environment (tests, the local runner). */
    public LedgerHandler(FunctionEnvironment environment) {
        this.processor = environment.batchProcessor()
                .transactionalHandler(new AccountLedger(environment.clients().dynamoDb(),
                        environment.config().require(EventflowConfig.LEDGER_TABLE)))
                .build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.process(event, context);
    }
}
