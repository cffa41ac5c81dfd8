package io.eventflow.local.template;

import java.util.Map;

/**
 * One resource of the template, properties still unresolved.
 *
 * @param logicalId its name in the template
 * @param type CloudFormation or SAM type, e.g. {@code AWS::SQS::Queue}
 * @param properties raw properties (intrinsics in long form)
 * @param condition the name of the condition it is created under (its top-level {@code Condition}), or null
 */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties, String condition) {}
