package io.eventflow.local.template;

import java.util.Map;

/**
 * One resource of the template, properties still unresolved.
 *
 * @param logicalId its name in the template
 * @param type CloudFormation or SAM type, e.g. {@code AWS::SQS::Queue}
 * @param properties raw properties (intrinsics in long form)
 */
public record TemplateResource(String logicalId, String type, Map<String, Object> properties) {}
