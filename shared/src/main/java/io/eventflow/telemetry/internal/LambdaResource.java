package io.eventflow.telemetry.internal;

import io.eventflow.config.EventflowConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Optional;

/**
 * The resource of a Lambda execution environment (cloud.* and faas.*) from the variables Lambda sets, the service
 * name, and {@code OTEL_RESOURCE_ATTRIBUTES}, which wins over what is derived here, as the specification says.
 */
public final class LambdaResource {

    private static final long MEGABYTE = 1024L * 1024L;

    private LambdaResource() {}

    public static Resource of(EventflowConfig config) {
        AttributesBuilder attributes = Attributes.builder()
                .put(TraceAttributes.CLOUD_PROVIDER, "aws")
                .put(TraceAttributes.CLOUD_PLATFORM, "aws_lambda");
        config.region().ifPresent(region -> attributes.put(TraceAttributes.CLOUD_REGION, region));
        config.optional(EventflowConfig.AWS_LAMBDA_FUNCTION_NAME).ifPresent(name -> attributes.put(TraceAttributes.FAAS_NAME, name));
        config.optional(EventflowConfig.AWS_LAMBDA_FUNCTION_VERSION).ifPresent(version -> attributes.put(TraceAttributes.FAAS_VERSION, version));
        config.optional(EventflowConfig.AWS_LAMBDA_LOG_STREAM_NAME).ifPresent(stream -> attributes.put(TraceAttributes.FAAS_INSTANCE, stream));
        config.optional(EventflowConfig.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).ifPresent(megabytes -> {
            try {
                attributes.put(TraceAttributes.FAAS_MAX_MEMORY, Long.parseLong(megabytes) * MEGABYTE);
            } catch (NumberFormatException notANumber) {
                // Lambda always sets a number; anything else is not worth failing init for.
            }
        });
        KeyValueList.parse(EventflowConfig.OTEL_RESOURCE_ATTRIBUTES, config.optional(EventflowConfig.OTEL_RESOURCE_ATTRIBUTES).orElse(null))
                .forEach(attributes::put);
        attributes.put(TraceAttributes.SERVICE_NAME, serviceName(config));
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    /** {@code OTEL_SERVICE_NAME}, else {@code service.name} in the resource attributes, else the function's name, else the consumer's. */
    static String serviceName(EventflowConfig config) {
        return config.optional(EventflowConfig.OTEL_SERVICE_NAME)
                .or(() -> Optional.ofNullable(KeyValueList.parse(EventflowConfig.OTEL_RESOURCE_ATTRIBUTES,
                        config.optional(EventflowConfig.OTEL_RESOURCE_ATTRIBUTES).orElse(null)).get(TraceAttributes.SERVICE_NAME.getKey())))
                .or(() -> config.optional(EventflowConfig.AWS_LAMBDA_FUNCTION_NAME))
                .or(() -> config.optional(EventflowConfig.CONSUMER))
                .orElse("eventflow");
    }
}
