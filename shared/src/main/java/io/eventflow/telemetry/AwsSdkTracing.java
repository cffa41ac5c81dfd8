package io.eventflow.telemetry;

import io.eventflow.telemetry.internal.TraceAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A CLIENT span for every AWS SDK call (rpc.system {@code aws-api}, rpc.service, rpc.method, aws.request_id, the
 * HTTP status, DynamoDB table names, the SQS queue URL, the SNS topic ARN). Hand-written instead of
 * {@code opentelemetry-aws-sdk-2.2}, which measured several times costlier at start-up for the same spans (see the
 * README's tracing section). One span per execution, retries included; the parent is the context current on the
 * calling thread, which for the synchronous clients eventflow uses is the caller's.
 */
public final class AwsSdkTracing implements ExecutionInterceptor {

    private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("eventflow.telemetry.span");

    private final Tracer tracer;

    /** CLIENT spans made with this OpenTelemetry; add the interceptor to the clients ({@code AwsClients.withInterceptor}). */
    public AwsSdkTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(TraceAttributes.INSTRUMENTATION_SCOPE);
    }

    @Override
    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Span span = tracer.spanBuilder(service + "." + operation)
                .setParent(Context.current())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(TraceAttributes.RPC_SYSTEM, "aws-api")
                .setAttribute(TraceAttributes.RPC_SERVICE, service)
                .setAttribute(TraceAttributes.RPC_METHOD, operation)
                .startSpan();
        if (span.isRecording()) {
            describe(span, service, context.request());
        }
        attributes.putAttribute(SPAN, span);
    }

    @Override
    public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span == null) {
            return;
        }
        response(span, context.httpResponse());
        span.end();
    }

    @Override
    public void onExecutionFailure(software.amazon.awssdk.core.interceptor.Context.FailedExecution context, ExecutionAttributes attributes) {
        Span span = attributes.getAttribute(SPAN);
        if (span == null) {
            return;
        }
        context.httpResponse().ifPresent(response -> response(span, response));
        span.recordException(context.exception());
        span.setStatus(StatusCode.ERROR, context.exception().getMessage());
        span.end();
    }

    private static void describe(Span span, String service, SdkRequest request) {
        switch (service) {
            case "DynamoDb" -> {
                span.setAttribute(TraceAttributes.DB_SYSTEM, "aws.dynamodb");
                List<String> tables = tableNames(request);
                if (!tables.isEmpty()) {
                    span.setAttribute(TraceAttributes.AWS_DYNAMODB_TABLE_NAMES, tables);
                }
            }
            case "Sqs" -> request.getValueForField("QueueUrl", String.class)
                    .ifPresent(url -> span.setAttribute(TraceAttributes.AWS_SQS_QUEUE_URL, url));
            case "Sns" -> request.getValueForField("TopicArn", String.class)
                    .ifPresent(arn -> span.setAttribute(TraceAttributes.AWS_SNS_TOPIC_ARN, arn));
            default -> { }
        }
    }

    /** The tables a DynamoDB request touches: its TableName, its RequestItems' keys, its TransactItems' tables. */
    private static List<String> tableNames(SdkRequest request) {
        Set<String> tables = new LinkedHashSet<>();
        request.getValueForField("TableName", String.class).ifPresent(tables::add);
        request.getValueForField("RequestItems", Map.class).ifPresent(items -> {
            for (Object table : ((Map<?, ?>) items).keySet()) {
                tables.add(table.toString());
            }
        });
        request.getValueForField("TransactItems", List.class).ifPresent(items -> {
            for (Object item : (List<?>) items) {
                // Each item holds one action (Put, Update, Delete, ConditionCheck, Get), which names its table.
                if (item instanceof SdkPojo pojo) {
                    for (SdkField<?> field : pojo.sdkFields()) {
                        if (field.getValueOrDefault(pojo) instanceof SdkPojo action) {
                            tableName(action).ifPresent(tables::add);
                        }
                    }
                }
            }
        });
        return List.copyOf(tables);
    }

    private static Optional<String> tableName(SdkPojo action) {
        return action.sdkFields().stream()
                .filter(field -> field.memberName().equals("TableName"))
                .map(field -> field.getValueOrDefault(action))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .findFirst();
    }

    private static void response(Span span, SdkHttpResponse response) {
        span.setAttribute(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, (long) response.statusCode());
        requestId(response).ifPresent(id -> span.setAttribute(TraceAttributes.AWS_REQUEST_ID, id));
        if (response.statusCode() >= 400) {
            span.setStatus(StatusCode.ERROR);
        }
    }

    private static Optional<String> requestId(SdkHttpResponse response) {
        return response.firstMatchingHeader("x-amzn-RequestId")
                .or(() -> response.firstMatchingHeader("x-amz-request-id"));
    }
}
