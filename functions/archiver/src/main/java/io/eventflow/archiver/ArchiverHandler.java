package io.eventflow.archiver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.event.EventCodec;
import io.eventflow.telemetry.Telemetry;
import java.time.Clock;

/** Lambda entry point of the archiver: every event's whole envelope into the archive table, exactly once. */
public final class ArchiverHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** It keeps every event as written (events are immutable): every version, nothing upcast. */
    public static final ReadVersions READS = ReadVersions.asWritten();

    private final SqsBatchProcessor processor;
    private final Telemetry telemetry;

    /** Called by Lambda once per execution environment; with SnapStart, primed before the snapshot. */
    public ArchiverHandler() {
        this(FunctionEnvironment.fromSystem().primedBeforeSnapshot(ArchiverHandler::new, READS));
    }

    /** Wires the archiver to a given environment (tests, the local runner). */
    public ArchiverHandler(FunctionEnvironment environment) {
        ArchiverSettings settings = ArchiverSettings.from(environment.config());
        this.telemetry = environment.telemetry();
        this.processor = environment.batchProcessor()
                .reads(READS)
                .transactionalHandler(new EventArchive(settings.table(), settings.retention(), new EventCodec(), Clock.systemUTC()))
                .build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, processor::process);
    }
}
