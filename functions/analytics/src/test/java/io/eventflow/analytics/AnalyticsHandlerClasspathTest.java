package io.eventflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.idempotency.IdempotencySettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Analytics never publishes, so its zip has no SNS client (shared declares it optional); this module's test
 * classpath is the zip's in that respect. The handler, its environment and its AWS clients must load and run without it.
 */
class AnalyticsHandlerClasspathTest {

    @Test
    void theHandlerIsBuiltAndRunsWithoutTheSnsJar() {
        assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.services.sns.SnsClient"))
                .as("the SNS client is not on this function's classpath").isInstanceOf(ClassNotFoundException.class);

        FunctionEnvironment environment = FunctionEnvironment.builder().config(EventflowConfig.from(Map.of(
                EventflowConfig.CONSUMER, "analytics",
                IdempotencySettings.TABLE, "idempotency",
                AnalyticsHandler.TABLE, "counts",
                EventflowConfig.AWS_REGION, "us-east-1"))).build();
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());

        assertThat(new AnalyticsHandler(environment).handleRequest(empty, null).getBatchItemFailures()).isEmpty();
    }
}
