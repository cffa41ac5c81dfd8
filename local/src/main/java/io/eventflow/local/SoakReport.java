package io.eventflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a soak run found. {@code lost} and {@code appliedTwice} must be 0, and every poison message dead-lettered.
 *
 * @param published messages published through SNS (unique events plus repeats)
 * @param unique distinct events
 * @param processed records whose handler ran to completion, over all consumers
 * @param duplicatesSkipped records acknowledged as already processed
 * @param retries records reported back for another delivery (injected failures, crashes, concurrent duplicates)
 * @param deadLettered messages found in the dead-letter queues
 * @param poison malformed messages put straight into the queues
 * @param poisonDeadLettered poison messages found in a dead-letter queue with a reason
 * @param lost effects that should have happened and did not (emails, counter increments, archived events)
 * @param appliedTwice effects that happened more than once (or, for the archive, events archived that were never published)
 * @param injectedFailures transient failures injected into first attempts
 * @param crashes invocations crashed between claim and completion
 * @param ddbRequestsPerEvent DynamoDB requests per unique event
 * @param sqsRequestsPerEvent SQS requests per unique event (polling included)
 * @param drained whether every queue drained in time
 * @param wallTimeMillis from the first publish to quiescence
 * @param discrepancies each effect whose count differs from what the unique events call for (empty when passed)
 */
public record SoakReport(long published, long unique, long processed, long duplicatesSkipped, long retries,
                         long deadLettered, long poison, long poisonDeadLettered, long lost, long appliedTwice,
                         long injectedFailures, long crashes, double ddbRequestsPerEvent, double sqsRequestsPerEvent,
                         boolean drained, long wallTimeMillis, List<String> discrepancies) {

    public SoakReport {
        discrepancies = List.copyOf(discrepancies);
    }

    /** Nothing lost, nothing applied twice, every poison message dead-lettered, queues drained. */
    public boolean passed() {
        return drained && lost == 0 && appliedTwice == 0 && poisonDeadLettered == poison;
    }

    public String toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("published", published)
                .put("unique", unique)
                .put("processed", processed)
                .put("duplicates_skipped", duplicatesSkipped)
                .put("retries", retries)
                .put("dead_lettered", deadLettered)
                .put("poison", poison)
                .put("poison_dead_lettered", poisonDeadLettered)
                .put("lost", lost)
                .put("applied_twice", appliedTwice)
                .put("injected_failures", injectedFailures)
                .put("crashes", crashes)
                .put("ddb_requests_per_event", Math.round(ddbRequestsPerEvent * 100) / 100.0)
                .put("sqs_requests_per_event", Math.round(sqsRequestsPerEvent * 100) / 100.0)
                .put("drained", drained)
                .put("wall_time_ms", wallTimeMillis);
        discrepancies.forEach(json.putArray("discrepancies")::add);
        return json.toString();
    }

    public String toText() {
        return """
                eventflow soak: %d unique events, %d published (repeats included), %d poison messages
                  processed %d, duplicates skipped %d, retries %d, dead-lettered %d
                  injected: %d transient failures, %d crashes between claim and completion
                  lost %d, applied twice %d, poison dead-lettered %d/%d
                  DynamoDB requests per event %.2f, SQS requests per event %.2f
                  %s in %d ms: %s
                %s""".formatted(unique, published, poison, processed, duplicatesSkipped, retries, deadLettered,
                injectedFailures, crashes, lost, appliedTwice, poisonDeadLettered, poison,
                ddbRequestsPerEvent, sqsRequestsPerEvent, drained ? "drained" : "NOT DRAINED", wallTimeMillis,
                passed() ? "PASS" : "FAIL",
                discrepancies.stream().map(d -> "  " + d + "\n").reduce("", String::concat));
    }
}
