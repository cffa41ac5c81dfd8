package io.eventflow.local.template;

import java.util.Map;

/**
 * What {@code Ref} and {@code Fn::GetAtt} give for one created resource.
 *
 * @param ref the value of {@code Ref} (queue URL, topic ARN, table name, function name)
 * @param attributes the values of {@code Fn::GetAtt} by attribute name ({@code Arn}, {@code QueueName}, ...)
 */
public record CreatedResource(String ref, Map<String, String> attributes) {
    public CreatedResource {
        attributes = Map.copyOf(attributes);
    }
}
