package io.eventflow.telemetry.internal;

import io.eventflow.config.EventflowConfig;
import io.eventflow.telemetry.TracingSettings;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

/**
 * The resource of a Lambda execution environment (cloud.* and faas.*) from the variables Lambda sets, the service
 * name, and {@code OTEL_RESOURCE_ATTRIBUTES}, which wins over what is derived here, as the specification says.
 */
public final class LambdaResource {

    private static final long MEGABYTE = 1024L * 1024L;

    private LambdaResource() {}

    public static Resource of(TracingSettings settings) {
        AttributesBuilder attributes = Attributes.builder()
                .put(TraceAttributes.CLOUD_PROVIDER, "aws")
                .put(TraceAttributes.CLOUD_PLATFORM, "aws_lambda");
        settings.region().ifPresent(region -> attributes.put(TraceAttributes.CLOUD_REGION, region));
        settings.lambdaVariable(EventflowConfig.AWS_LAMBDA_FUNCTION_NAME).ifPresent(name -> attributes.put(TraceAttributes.FAAS_NAME, name));
        settings.lambdaVariable(EventflowConfig.AWS_LAMBDA_FUNCTION_VERSION).ifPresent(version -> attributes.put(TraceAttributes.FAAS_VERSION, version));
        settings.lambdaVariable(EventflowConfig.AWS_LAMBDA_LOG_STREAM_NAME).ifPresent(stream -> attributes.put(TraceAttributes.FAAS_INSTANCE, stream));
        settings.lambdaVariable(EventflowConfig.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).ifPresent(megabytes -> {
            try {
                attributes.put(TraceAttributes.FAAS_MAX_MEMORY, Long.parseLong(megabytes) * MEGABYTE);
            } catch (NumberFormatException notANumber) {
                // Lambda always sets a number; anything else is not worth failing init for.
            }
        });
        settings.resourceAttributes().forEach(attributes::put);
        attributes.put(TraceAttributes.SERVICE_NAME, settings.serviceName());
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }
}
