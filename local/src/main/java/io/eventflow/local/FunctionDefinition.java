package io.eventflow.local;

import io.eventflow.emulator.LocalLambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function of the template as the local runner runs it.
 *
 * @param logicalId name in the template
 * @param functionName physical name
 * @param handler {@code class::method}
 * @param timeout the function's timeout: the deadline its Lambda context counts down
 * @param environment resolved environment variables
 * @param queueSources the SQS event sources that trigger it
 */
public record FunctionDefinition(String logicalId, String functionName, String handler, Duration timeout,
                                 Map<String, String> environment, List<QueueSource> queueSources) {

    public FunctionDefinition {
        environment = Map.copyOf(environment);
        queueSources = List.copyOf(queueSources);
    }

    /** The Lambda context of an invocation starting now: its remaining time counts down from the timeout. */
    public LocalLambdaContext newInvocationContext() {
        return LocalLambdaContext.countingDown(functionName, timeout);
    }

    /** The handler's class name. */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** Whether it consumes events through the batch processor: it declares a consumer name. */
    public boolean isConsumer() {
        return environment.containsKey("EVENTFLOW_CONSUMER");
    }

    /** The consumer name the function declares ({@code EVENTFLOW_CONSUMER}), or its logical id. */
    public String consumerName() {
        return environment.getOrDefault("EVENTFLOW_CONSUMER", logicalId);
    }

    /**
     * One SQS event source mapping.
     *
     * @param queueArn the queue's ARN
     * @param queueUrl the queue's URL
     * @param batchSize at most this many records per invocation (gathered from several receives above ten)
     * @param batchingWindow how long to keep gathering records for a batch that is not full
     *     ({@code MaximumBatchingWindowInSeconds}, default 0)
     * @param reportBatchItemFailures whether the function returns partial batch failures
     * @param maximumConcurrency how many batches may be processed at once ({@code ScalingConfig.MaximumConcurrency})
     */
    public record QueueSource(String queueArn, String queueUrl, int batchSize, Duration batchingWindow, boolean reportBatchItemFailures,
                              int maximumConcurrency) {}
}
