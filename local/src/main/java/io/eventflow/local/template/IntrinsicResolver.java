package io.eventflow.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the few intrinsics the local runner supports ({@code Ref}, {@code Fn::GetAtt}, string {@code Fn::Sub}, and
 * the pseudo parameters) against parameters and the resources created so far. A reference to a resource not created
 * yet raises {@link NotYetCreatedException}, which the provisioner uses to order creation. Given the template's
 * conditions it also resolves {@code Fn::If}, and drops what resolves to {@code AWS::NoValue} (IAM policies use both).
 */
public final class IntrinsicResolver {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    /** What {@code Ref AWS::NoValue} stands for until the list or map holding it leaves it out. */
    private static final Object NO_VALUE = new Object();

    private final Map<String, String> parameters;
    private final Map<String, CreatedResource> created;
    private final ConditionEvaluator conditions;

    /**
     * @param parameters parameter and pseudo-parameter values ({@code AWS::StackName}, {@code AWS::Region}, ...)
     * @param created resources created so far by logical id; read live, so later creations become visible
     */
    public IntrinsicResolver(Map<String, String> parameters, Map<String, CreatedResource> created) {
        this(parameters, created, null);
    }

    /** A resolver that also resolves {@code Fn::If} by these conditions. */
    public IntrinsicResolver(Map<String, String> parameters, Map<String, CreatedResource> created, ConditionEvaluator conditions) {
        this.parameters = parameters;
        this.created = created;
        this.conditions = conditions;
    }

    /** A value with every supported intrinsic replaced by what it stands for. */
    public Object resolve(Object value) {
        Object resolved = resolveOrNoValue(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    private Object resolveOrNoValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> body = SamTemplate.cast(map);
            if (body.size() == 1) {
                Map.Entry<String, Object> only = body.entrySet().iterator().next();
                switch (only.getKey()) {
                    case "Ref" -> {
                        return "AWS::NoValue".equals(only.getValue()) ? NO_VALUE : ref(String.valueOf(only.getValue()));
                    }
                    case "Fn::If" -> {
                        if (conditions != null && only.getValue() instanceof List<?> branches && branches.size() == 3) {
                            return resolveOrNoValue(branches.get(conditions.isTrue(String.valueOf(branches.get(0))) ? 1 : 2));
                        }
                        throw new UnsupportedOperationException("Fn::If is resolved by the local runner only in IAM resources");
                    }
                    case "Fn::GetAtt" -> {
                        List<?> parts = only.getValue() instanceof List<?> list
                                ? list : List.of(String.valueOf(only.getValue()).split("\\.", 2));
                        return attribute(String.valueOf(parts.get(0)), String.valueOf(resolve(parts.get(1))));
                    }
                    case "Fn::Sub" -> {
                        if (only.getValue() instanceof String text) {
                            return substitute(text);
                        }
                        throw new UnsupportedOperationException("Fn::Sub with a variable map is not supported by the local runner");
                    }
                    default -> {
                        if (only.getKey().startsWith("Fn::") || only.getKey().equals("Condition")) {
                            throw new UnsupportedOperationException(only.getKey() + " is not supported by the local runner here: "
                                    + "use only Ref, Fn::GetAtt and Fn::Sub in properties it reads");
                        }
                    }
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            body.forEach((key, item) -> {
                Object entry = resolveOrNoValue(item);
                if (entry != NO_VALUE) {
                    resolved.put(key, entry);
                }
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(item -> {
                Object entry = resolveOrNoValue(item);
                if (entry != NO_VALUE) {
                    resolved.add(entry);
                }
            });
            return resolved;
        }
        return value;
    }

    /** {@link #resolve} for a value that must be text. */
    public String text(Object value) {
        Object resolved = resolve(value);
        return resolved == null ? null : String.valueOf(resolved);
    }

    private String ref(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return createdOrDefer(name).ref();
    }

    private String attribute(String logicalId, String attribute) {
        String value = createdOrDefer(logicalId).attributes().get(attribute);
        if (value == null) {
            throw new UnsupportedOperationException("Fn::GetAtt " + logicalId + "." + attribute + " is not known to the local runner");
        }
        return value;
    }

    private CreatedResource createdOrDefer(String logicalId) {
        CreatedResource resource = created.get(logicalId);
        if (resource == null) {
            throw new NotYetCreatedException(logicalId);
        }
        return resource;
    }

    private String substitute(String text) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + matcher.group(2) + "}"; // ${!Literal} stays literal
            } else if (matcher.group(2).contains(".") && !parameters.containsKey(matcher.group(2))) {
                String[] parts = matcher.group(2).split("\\.", 2);
                replacement = attribute(parts[0], parts[1]);
            } else {
                replacement = ref(matcher.group(2));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A reference to a resource that has not been created yet. */
    public static final class NotYetCreatedException extends RuntimeException {
        private final String logicalId;

        NotYetCreatedException(String logicalId) {
            super("depends on " + logicalId + ", not created yet (or not in the template)");
            this.logicalId = logicalId;
        }

        public String logicalId() {
            return logicalId;
        }
    }
}
