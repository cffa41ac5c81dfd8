package io.eventflow.local.iam;

import java.util.Map;

/**
 * The IAM side of a provisioned stack.
 *
 * @param functionRoles each function's role ARN, by the function's logical id
 * @param managedPolicies each managed policy's ARN, by its logical id ({@code ProducerPolicy}, {@code OperatorPolicy})
 */
public record StackRoles(Map<String, String> functionRoles, Map<String, String> managedPolicies) {

    public StackRoles {
        functionRoles = Map.copyOf(functionRoles);
        managedPolicies = Map.copyOf(managedPolicies);
    }

    /** The role a function runs as. */
    public String roleOf(String functionLogicalId) {
        String arn = functionRoles.get(functionLogicalId);
        if (arn == null) {
            throw new IllegalArgumentException("No role for function " + functionLogicalId + "; roles: " + functionRoles.keySet());
        }
        return arn;
    }
}
