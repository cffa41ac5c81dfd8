package io.eventflow.local.iam;

import io.eventflow.local.ProvisionedStack;
import io.eventflow.local.template.SamTemplate;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The credentials each principal of a local stack signs with: its functions and the CLI's producer and operator. */
public interface StackPrincipals {

    /** A function's credentials, by its logical id. */
    AwsCredentialsProvider function(String logicalId);

    AwsCredentialsProvider cli(CliPrincipal principal);

    /**
     * Each function as its own role and the CLI as its producer and operator roles, all created in IAM from the
     * template's expansion ({@link RoleProvisioner}) and assumed from the caller of {@code sts}.
     */
    static StackPrincipals roles(IamClient iam, StsClient sts, SamTemplate expanded, ProvisionedStack stack) {
        LocalPrincipals principals = new LocalPrincipals(sts, iam);
        RoleProvisioner roles = new RoleProvisioner(iam, principals.callerArn());
        StackRoles stackRoles = roles.provision(expanded, stack);
        Map<CliPrincipal, AwsCredentialsProvider> cli = new EnumMap<>(CliPrincipal.class);
        for (CliPrincipal principal : CliPrincipal.values()) {
            String policyArn = stackRoles.managedPolicies().get(principal.policyLogicalId());
            if (policyArn == null) {
                throw new IllegalStateException("The template declares no AWS::IAM::ManagedPolicy " + principal.policyLogicalId()
                        + ": what the local CLI's " + principal.name().toLowerCase(Locale.ROOT) + " may do");
            }
            String roleArn = roles.roleWithPolicy(principal.roleName(stack.stackName()), policyArn);
            cli.put(principal, principals.assume(roleArn, "eventflow-" + principal.name().toLowerCase(Locale.ROOT)));
        }
        return new StackPrincipals() {
            @Override
            public AwsCredentialsProvider function(String logicalId) {
                return principals.assume(stackRoles.roleOf(logicalId), stack.stackName() + "-" + logicalId);
            }

            @Override
            public AwsCredentialsProvider cli(CliPrincipal principal) {
                return cli.get(principal);
            }
        };
    }

    /** Everyone as the administrator: for an endpoint that checks no permissions, whose IAM may lack what roles need. */
    static StackPrincipals administrator(AwsCredentialsProvider administrator) {
        return new StackPrincipals() {
            @Override
            public AwsCredentialsProvider function(String logicalId) {
                return administrator;
            }

            @Override
            public AwsCredentialsProvider cli(CliPrincipal principal) {
                return administrator;
            }
        };
    }
}
