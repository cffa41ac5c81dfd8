package io.eventflow.local.iam;

/** Who the CLI acts as for a command: each is a role holding one of the template's managed policies, and nothing else. */
public enum CliPrincipal {
    /** {@code publish}: may only publish to the events topic ({@code ProducerPolicy}). */
    PRODUCER("ProducerPolicy", "producer"),
    /** {@code dlq}, {@code replay}, {@code ledger} ({@code OperatorPolicy}). */
    OPERATOR("OperatorPolicy", "operator");

    private final String policyLogicalId;
    private final String roleSuffix;

    CliPrincipal(String policyLogicalId, String roleSuffix) {
        this.policyLogicalId = policyLogicalId;
        this.roleSuffix = roleSuffix;
    }

    /** The template's managed policy the role holds. */
    public String policyLogicalId() {
        return policyLogicalId;
    }

    /** The role's name for a stack: {@code <stack>-producer}, {@code <stack>-operator}. */
    public String roleName(String stackName) {
        return stackName + "-" + roleSuffix;
    }
}
