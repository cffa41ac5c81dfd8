package io.eventflow.telemetry.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the spans an invocation ends and exports them all in one request when flushed, before the handler returns.
 * Not the SDK's BatchSpanProcessor: its force-flush can return at once, without exporting, when it comes while the
 * previous flush is finishing (its worker completes the old request, then clears it, and a new request in between
 * gets the completed one); measured back to back, most invocations returned before their spans had left. Here a flush
 * hands what has ended to the exporter at once, and completes when that export and every export still in flight
 * have; the exporter bounds each export by its deadline ({@link OtlpProtobufExporter}). No worker thread queueing
 * spans either: Lambda runs one invocation at a time, and freezes the process in between. A buffer reaching
 * {@value #MAX_BUFFERED} spans is exported early, so a long batch cannot grow it without bound.
 */
public final class InvocationSpanProcessor implements SpanProcessor {

    static final int MAX_BUFFERED = 2048;

    private final SpanExporter exporter;
    private final List<SpanData> ended = new ArrayList<>();
    private final Set<CompletableResultCode> inFlight = ConcurrentHashMap.newKeySet();

    public InvocationSpanProcessor(SpanExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        boolean full;
        synchronized (ended) {
            ended.add(span.toSpanData());
            full = ended.size() >= MAX_BUFFERED;
        }
        if (full) {
            exportEnded();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Exports every span ended so far; the result completes once they and any earlier export still in flight have left. */
    @Override
    public CompletableResultCode forceFlush() {
        exportEnded();
        return CompletableResultCode.ofAll(List.copyOf(inFlight));
    }

    @Override
    public CompletableResultCode shutdown() {
        CompletableResultCode flushed = forceFlush();
        CompletableResultCode result = new CompletableResultCode();
        flushed.whenComplete(() -> exporter.shutdown().whenComplete(() -> {
            if (flushed.isSuccess()) {
                result.succeed();
            } else {
                result.fail();
            }
        }));
        return result;
    }

    private void exportEnded() {
        List<SpanData> batch;
        synchronized (ended) {
            if (ended.isEmpty()) {
                return;
            }
            batch = List.copyOf(ended);
            ended.clear();
        }
        CompletableResultCode export = exporter.export(batch);
        inFlight.add(export);
        export.whenComplete(() -> inFlight.remove(export));
    }
}
