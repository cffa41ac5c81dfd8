package io.eventflow.local.iam;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.ProvisionedStack;
import io.eventflow.local.SessionFile;
import io.eventflow.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Credentials for commands acting on a running local session ({@code ./eventflow up}): the roles its runner created,
 * assumed from the session's administrator, or the administrator itself where the endpoint checks no permissions (the
 * runner created no roles there). Resolved at once: a command is short, and the administrator's clients close here.
 */
public final class SessionCredentials {

    private SessionCredentials() {}

    /** The CLI's producer or operator. */
    public static AwsCredentialsProvider cli(SessionFile session, CliPrincipal principal) {
        return asRole(session, principal.roleName(session.stack()), "eventflow-" + principal.name().toLowerCase(Locale.ROOT));
    }

    /** A function's own role, as the template's SAM expansion names it for the function ({@code eventflow invoke}). */
    public static AwsCredentialsProvider function(SessionFile session, Path template, ProvisionedStack stack, String functionLogicalId) {
        if (!IamEnforcement.enforced(session.endpoint(), session.region())) {
            return StaticCredentialsProvider.create(session.administrator());
        }
        SamTemplate expanded = new SamTranslator(AwsEmulators.ProjectLayout.locate().root())
                .expand(SamTemplate.read(template), stack.parameters(), session.region());
        Object role = expanded.resources().get(functionLogicalId).properties().get("Role");
        if (!(role instanceof Map<?, ?> getAtt) || !(getAtt.get("Fn::GetAtt") instanceof List<?> parts)) {
            throw new IllegalStateException("Function " + functionLogicalId + " names its role in a way the local runner does not resolve: " + role);
        }
        return asRole(session, RoleProvisioner.physicalName(session.stack(), String.valueOf(parts.getFirst()), RoleProvisioner.ROLE_NAME_LIMIT),
                stack.stackName() + "-" + functionLogicalId);
    }

    private static AwsCredentialsProvider asRole(SessionFile session, String roleName, String sessionName) {
        if (!IamEnforcement.enforced(session.endpoint(), session.region())) {
            return StaticCredentialsProvider.create(session.administrator());
        }
        try (AwsClients administrator = AwsClients.builder().endpoint(session.endpoint()).region(Region.of(session.region()))
                     .credentials(StaticCredentialsProvider.create(session.administrator())).build();
             StsClient sts = administrator.configure(StsClient.builder());
             IamClient iam = administrator.configure(IamClient.builder())) {
            String roleArn = iam.getRole(request -> request.roleName(roleName)).role().arn();
            return StaticCredentialsProvider.create(new LocalPrincipals(sts, iam).assume(roleArn, sessionName).resolveCredentials());
        }
    }
}
