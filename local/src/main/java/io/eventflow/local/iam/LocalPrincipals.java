package io.eventflow.local.iam;

import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Credentials of the roles a local stack runs as, by STS {@code AssumeRole} from the runner's own principal (the
 * emulator's administrator), refreshed by the SDK before they expire: each function as its role, the CLI as a
 * {@link CliPrincipal}.
 */
public final class LocalPrincipals {

    private final StsClient sts;
    private final IamClient iam;

    /** @param sts, iam clients of the runner's own principal; they stay open as long as the credentials are used */
    public LocalPrincipals(StsClient sts, IamClient iam) {
        this.sts = Objects.requireNonNull(sts);
        this.iam = Objects.requireNonNull(iam);
    }

    /** The runner's own principal, which every role it creates trusts. */
    public String callerArn() {
        return sts.getCallerIdentity().arn();
    }

    /** Credentials of a role, for the session named (function or command: it shows in the emulator's records). */
    public AwsCredentialsProvider assume(String roleArn, String sessionName) {
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request -> request.roleArn(roleArn).roleSessionName(sessionName))
                .build();
    }

    /** Credentials of the CLI's principal for a stack whose roles an earlier run created ({@code ./eventflow up}). */
    public AwsCredentialsProvider assume(CliPrincipal principal, String stackName) {
        String roleName = principal.roleName(stackName);
        return assume(iam.getRole(request -> request.roleName(roleName)).role().arn(), "eventflow-" + principal.name().toLowerCase(Locale.ROOT));
    }
}
