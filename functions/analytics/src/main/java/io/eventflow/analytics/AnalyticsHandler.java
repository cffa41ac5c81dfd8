package io.eventflow.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.telemetry.Telemetry;

/** Lambda entry point of analytics: per-type, per-day event counts, exactly once through the transactional path. */
public final class AnalyticsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The analytics counters table (required). */
    public static final String TABLE = "EVENTFLOW_ANALYTICS_TABLE";

    /** It counts events by type and day, never reading their data: every version as written. */
    public static final ReadVersions READS = ReadVersions.asWritten();

    private final SqsBatchProcessor processor;
    private final Telemetry telemetry;

    /** Called by Lambda once per execution environment; with SnapStart, primed before the snapshot. */
    public AnalyticsHandler() {
        this(FunctionEnvironment.fromSystem().primedBeforeSnapshot(AnalyticsHandler::new, READS));
    }

    /** Wires analytics to a given environment (tests, the local runner). */
    public AnalyticsHandler(FunctionEnvironment environment) {
        this.telemetry = environment.telemetry();
        this.processor = environment.batchProcessor()
                .reads(READS)
                .transactionalHandler(new DailyTypeCounter(environment.config().require(TABLE)))
                .build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, processor::process);
    }
}
