package io.eventflow.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * What the throughput benchmark measured, one row per consumer and setting, side by side.
 *
 * @param latency added to every AWS call
 * @param sesExtra added to SES calls on top
 * @param rows the measurements, in run order
 */
public record ThroughputReport(Duration latency, Duration sesExtra, List<Row> rows) {

    public ThroughputReport {
        rows = List.copyOf(rows);
    }

    /**
     * One consumer at one setting.
     *
     * @param consumer the consumer's name
     * @param batchSize records per invocation
     * @param parallelism records run at once ({@code EVENTFLOW_RECORD_PARALLELISM})
     * @param events events processed (the warm-up batch not counted)
     * @param batches invocations measured
     * @param handlerNanos time inside the handler, summed over the measured invocations
     * @param dynamoDbRequests DynamoDB requests the handler sent
     * @param sqsRequests SQS requests the handler sent
     * @param peakHeapBytes the heap's peak use during the measured invocations
     */
    public record Row(String consumer, int batchSize, int parallelism, int events, int batches, long handlerNanos,
                      long dynamoDbRequests, long sqsRequests, long peakHeapBytes) {

        public double millisPerBatch() {
            return handlerNanos / 1e6 / batches;
        }

        public double eventsPerSecond() {
            return events / (handlerNanos / 1e9);
        }

        public double dynamoDbPerEvent() {
            return (double) dynamoDbRequests / events;
        }

        public double sqsPerEvent() {
            return (double) sqsRequests / events;
        }

        public double peakHeapMegabytes() {
            return peakHeapBytes / 1048576.0;
        }
    }

    public String toText() {
        StringBuilder out = new StringBuilder(String.format(
                "throughput per instance: %d ms added to every AWS call, %d ms more to SES; handler time only%n%n",
                latency.toMillis(), sesExtra.toMillis()));
        out.append(String.format("  %-10s %6s %9s %7s %8s %11s %11s %10s %10s %10s%n", "consumer", "batch", "parallel",
                "events", "batches", "ms/batch", "events/s", "DDB/event", "SQS/event", "heap MB"));
        for (Row row : rows) {
            out.append(String.format("  %-10s %6d %9d %7d %8d %11.1f %11.1f %10.3f %10.3f %10.1f%n", row.consumer(), row.batchSize(),
                    row.parallelism(), row.events(), row.batches(), row.millisPerBatch(), row.eventsPerSecond(),
                    row.dynamoDbPerEvent(), row.sqsPerEvent(), row.peakHeapMegabytes()));
        }
        return out.toString();
    }

    public String toJson() {
        ObjectNode root = new ObjectMapper().createObjectNode()
                .put("latency_ms", latency.toMillis())
                .put("ses_extra_ms", sesExtra.toMillis());
        ArrayNode array = root.putArray("rows");
        for (Row row : rows) {
            array.addObject()
                    .put("consumer", row.consumer())
                    .put("batch_size", row.batchSize())
                    .put("parallelism", row.parallelism())
                    .put("events", row.events())
                    .put("batches", row.batches())
                    .put("ms_per_batch", round(row.millisPerBatch()))
                    .put("events_per_second", round(row.eventsPerSecond()))
                    .put("dynamodb_requests_per_event", round(row.dynamoDbPerEvent()))
                    .put("sqs_requests_per_event", round(row.sqsPerEvent()))
                    .put("peak_heap_mb", round(row.peakHeapMegabytes()));
        }
        return root.toString();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
