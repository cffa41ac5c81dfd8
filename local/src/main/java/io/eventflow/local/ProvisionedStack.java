package io.eventflow.local;

import io.eventflow.local.template.CreatedResource;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local runner created from the template.
 *
 * @param stackName the stack name used in resource names
 * @param parameters resolved parameter values
 * @param resources created resources by logical id
 * @param functions the functions to run in-process
 * @param notEmulated logical ids of resources the runner does not create (IAM, alarms, queue policies), with types
 * @param skipped logical ids of resources not created because their condition is false, with the reason
 *                ({@code condition HasOpsEmail is false})
 * @param outputs the template's {@code Outputs} that name created resources, resolved, in template order
 */
public record ProvisionedStack(String stackName, Map<String, String> parameters, Map<String, CreatedResource> resources,
                               List<FunctionDefinition> functions, Map<String, String> notEmulated,
                               Map<String, String> skipped, Map<String, String> outputs) {

    public ProvisionedStack {
        parameters = Map.copyOf(parameters);
        resources = Map.copyOf(resources);
        functions = List.copyOf(functions);
        notEmulated = Map.copyOf(notEmulated);
        skipped = Map.copyOf(skipped);
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** {@code Ref} of a created resource (queue URL, topic ARN, table name). */
    public String ref(String logicalId) {
        return resource(logicalId).ref();
    }

    /** {@code Fn::GetAtt} of a created resource. */
    public String attribute(String logicalId, String attribute) {
        return resource(logicalId).attributes().get(attribute);
    }

    /** The same stack with every function's timeout replaced. */
    public ProvisionedStack withFunctionTimeout(Duration timeout) {
        return new ProvisionedStack(stackName, parameters, resources,
                functions.stream().map(f -> new FunctionDefinition(f.logicalId(), f.functionName(), f.handler(), timeout,
                        f.environment(), f.queueSources())).toList(),
                notEmulated, skipped, outputs);
    }

    /** The same stack with these environment variables set in every function, over the template's. */
    public ProvisionedStack withFunctionEnvironment(Map<String, String> variables) {
        return new ProvisionedStack(stackName, parameters, resources,
                functions.stream().map(f -> {
                    Map<String, String> environment = new LinkedHashMap<>(f.environment());
                    environment.putAll(variables);
                    return new FunctionDefinition(f.logicalId(), f.functionName(), f.handler(), f.timeout(), environment, f.queueSources());
                }).toList(),
                notEmulated, skipped, outputs);
    }

    /** The functions that consume events (they name their consumer, {@code EVENTFLOW_CONSUMER}); not the replayer. */
    public List<FunctionDefinition> consumers() {
        return functions.stream().filter(FunctionDefinition::isConsumer).toList();
    }

    public Optional<FunctionDefinition> function(String consumerName) {
        return functions.stream().filter(f -> f.consumerName().equals(consumerName)).findFirst();
    }

    private CreatedResource resource(String logicalId) {
        CreatedResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalArgumentException("No resource " + logicalId + " in the stack; have: " + resources.keySet());
        }
        return resource;
    }
}
