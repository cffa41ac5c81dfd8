package io.eventflow.local.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.local.ProvisionedStack;
import io.eventflow.local.template.ConditionEvaluator;
import io.eventflow.local.template.CreatedResource;
import io.eventflow.local.template.IntrinsicResolver;
import io.eventflow.local.template.SamTemplate;
import io.eventflow.local.template.TemplateResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Creates in the emulator's IAM what the expanded template ({@link SamTranslator}) declares for permissions: each
 * {@code AWS::IAM::ManagedPolicy}, then each {@code AWS::IAM::Role} with its inline and managed policies, resolved
 * against the provisioned stack's resources; then it reads which role each {@code AWS::Lambda::Function} has.
 *
 * <p>One deliberate difference: where a role trusts a service ({@code lambda.amazonaws.com}), it trusts the local
 * runner's own principal instead, because here the runner is what plays Lambda and assumes the role.
 */
public final class RoleProvisioner {

    /** IAM's longest role name. */
    static final int ROLE_NAME_LIMIT = 64;
    private static final int POLICY_NAME_LIMIT = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IamClient iam;
    private final String runnerArn;

    /**
     * @param iam an IAM client of a principal that may create roles and policies (the emulator's administrator)
     * @param runnerArn that principal's ARN: the roles' trusted principal
     */
    public RoleProvisioner(IamClient iam, String runnerArn) {
        this.iam = Objects.requireNonNull(iam);
        this.runnerArn = Objects.requireNonNull(runnerArn);
    }

    public StackRoles provision(SamTemplate expanded, ProvisionedStack stack) {
        Map<String, CreatedResource> created = new LinkedHashMap<>(stack.resources());
        ConditionEvaluator conditions = new ConditionEvaluator(expanded.conditions(), stack.parameters());
        IntrinsicResolver resolver = new IntrinsicResolver(stack.parameters(), created, conditions);
        Map<String, TemplateResource> resources = expanded.resources();
        Map<String, String> policies = new LinkedHashMap<>();
        for (TemplateResource resource : applicable(resources, "AWS::IAM::ManagedPolicy", conditions)) {
            String arn = iam.createPolicy(request -> request
                    .policyName(physicalName(stack.stackName(), resource.logicalId(), POLICY_NAME_LIMIT))
                    .policyDocument(json(resolver.resolve(resource.properties().get("PolicyDocument"))))).policy().arn();
            policies.put(resource.logicalId(), arn);
            created.put(resource.logicalId(), new CreatedResource(arn, Map.of()));
        }
        for (TemplateResource resource : applicable(resources, "AWS::IAM::Role", conditions)) {
            created.put(resource.logicalId(), createRole(stack, resource, resolver));
        }
        Map<String, String> functionRoles = new LinkedHashMap<>();
        for (TemplateResource function : applicable(resources, "AWS::Lambda::Function", conditions)) {
            functionRoles.put(function.logicalId(), resolver.text(function.properties().get("Role")));
        }
        return new StackRoles(functionRoles, policies);
    }

    /** A role trusting the runner, with one managed policy: how the local CLI's principals are made. */
    public String roleWithPolicy(String roleName, String policyArn) {
        String trust = json(Map.of("Version", "2012-10-17", "Statement", List.of(trustRunner())));
        String arn = iam.createRole(request -> request.roleName(roleName).assumeRolePolicyDocument(trust)).role().arn();
        iam.attachRolePolicy(request -> request.roleName(roleName).policyArn(policyArn));
        return arn;
    }

    private CreatedResource createRole(ProvisionedStack stack, TemplateResource resource, IntrinsicResolver resolver) {
        Map<String, Object> properties = SamTemplate.cast(resolver.resolve(resource.properties()));
        String roleName = physicalName(stack.stackName(), resource.logicalId(), ROLE_NAME_LIMIT);
        String arn = iam.createRole(request -> request
                .roleName(roleName)
                .assumeRolePolicyDocument(json(trustingRunner(SamTemplate.cast(properties.get("AssumeRolePolicyDocument")))))).role().arn();
        if (properties.get("Policies") instanceof List<?> inline) {
            for (Object entry : inline) {
                Map<String, Object> policy = SamTemplate.cast(entry);
                iam.putRolePolicy(request -> request.roleName(roleName)
                        .policyName(String.valueOf(policy.get("PolicyName")))
                        .policyDocument(json(policy.get("PolicyDocument"))));
            }
        }
        if (properties.get("ManagedPolicyArns") instanceof List<?> managed) {
            for (Object policyArn : managed) {
                iam.attachRolePolicy(request -> request.roleName(roleName).policyArn(String.valueOf(policyArn)));
            }
        }
        return new CreatedResource(roleName, Map.of("Arn", arn));
    }

    /** The trust policy with each service principal replaced by the runner (see the class comment). */
    private Map<String, Object> trustingRunner(Map<String, Object> trust) {
        Map<String, Object> document = new LinkedHashMap<>(trust);
        Object statements = trust.get("Statement");
        List<?> list = statements instanceof List<?> many ? many : List.of(statements);
        document.put("Statement", list.stream().map(entry -> {
            Map<String, Object> statement = new LinkedHashMap<>(SamTemplate.cast(entry));
            if (statement.get("Principal") instanceof Map<?, ?> principal && principal.containsKey("Service")) {
                statement.put("Principal", Map.of("AWS", runnerArn));
            }
            return statement;
        }).toList());
        return document;
    }

    private Map<String, Object> trustRunner() {
        return Map.of("Effect", "Allow", "Principal", Map.of("AWS", runnerArn), "Action", "sts:AssumeRole");
    }

    private static List<TemplateResource> applicable(Map<String, TemplateResource> resources, String type,
                                                     ConditionEvaluator conditions) {
        return resources.values().stream()
                .filter(resource -> resource.type().equals(type))
                .filter(resource -> resource.condition() == null || conditions.isTrue(resource.condition()))
                .toList();
    }

    /** The name a resource gets: {@code <stack>-<logical id>}, cut to IAM's limit for the kind of name. */
    static String physicalName(String stackName, String logicalId, int limit) {
        String name = stackName + "-" + logicalId;
        return name.length() <= limit ? name : name.substring(0, limit);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + value, e);
        }
    }
}
