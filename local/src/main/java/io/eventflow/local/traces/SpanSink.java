package io.eventflow.local.traces;

import java.util.List;

/** Where the {@link OtlpReceiver} hands the spans of each export request. */
@FunctionalInterface
public interface SpanSink {

    /** Takes the spans of one export; called once per request, possibly from several threads at once. */
    void accept(List<ReceivedSpan> spans);
}
