package io.eventflow.replay;

import io.eventflow.archive.ArchivedEvent;
import java.util.List;
import java.util.Map;

/**
 * What a replay would do, found without sending anything.
 *
 * @param matched events in the window
 * @param wouldSend of those, the ones it would send
 * @param wouldSkip of those, the ones the target already processed (recover mode only)
 * @param byType events in the window per type
 * @param samples the first few events it would send, in order
 */
public record DryRunReport(long matched, long wouldSend, long wouldSkip, Map<String, Long> byType, List<ArchivedEvent> samples) {

    public DryRunReport {
        byType = Map.copyOf(byType);
        samples = List.copyOf(samples);
    }
}
