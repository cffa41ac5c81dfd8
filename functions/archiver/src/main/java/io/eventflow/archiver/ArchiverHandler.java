package io.eventflow.archiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.event.EventCodec;
import java.time.Clock;

/** Lambda entry point of the archiver: every event's whole envelope into the archive table, exactly once. */
public final class ArchiverHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final SqsBatchProcessor processor;
    private final Telemetry telemetry;

    /** Called by Lambda once per execution environment. */
    public ArchiverHandler() {
        this(FunctionEnvironment.fromSystem());
    }

    /** Wires the archiver to a given environment (tests, the local runner). */
    public ArchiverHandler(FunctionEnvironment environment) {
        EventflowConfig config = environment.config();
        this.telemetry = environment.telemetry();
        this.processor = environment.batchProcessor()
                .transactionalHandler(new EventArchive(config.require(EventflowConfig.ARCHIVE_TABLE),
                        config.archiveRetention(), new EventCodec(), Clock.systemUTC()))
                .build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, processor::process);
    }
}
