package io.eventflow.local.template;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Evaluates the template's {@code Conditions} against parameter values, as CloudFormation does before it creates
 * anything: {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Condition} references, and
 * {@code Ref} to parameters and pseudo parameters (the only references CloudFormation allows in conditions). Values are
 * compared as text, so a Number parameter {@code 5} equals the literal {@code "5"}.
 *
 * <p>Conditions are evaluated on demand, once each: one the runner never asks about may use intrinsics it does not
 * support without breaking it.
 */
public final class ConditionEvaluator {

    private final Map<String, Object> conditions;
    private final Map<String, String> parameters;
    private final Map<String, Boolean> values = new HashMap<>();
    private final Set<String> evaluating = new LinkedHashSet<>();

    /**
     * @param conditions the template's {@code Conditions} section: expression (intrinsics in long form) by name
     * @param parameters parameter and pseudo-parameter values
     */
    public ConditionEvaluator(Map<String, Object> conditions, Map<String, String> parameters) {
        this.conditions = Objects.requireNonNull(conditions);
        this.parameters = Objects.requireNonNull(parameters);
    }

    /** Whether the named condition holds. */
    public boolean isTrue(String name) {
        Boolean known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("No condition " + name + " in the template; have: " + conditions.keySet());
        }
        if (!evaluating.add(name)) {
            throw new IllegalArgumentException("Conditions reference each other in a cycle: "
                    + String.join(" -> ", evaluating) + " -> " + name);
        }
        try {
            boolean value = evaluate(conditions.get(name), name);
            values.put(name, value);
            return value;
        } finally {
            evaluating.remove(name);
        }
    }

    private boolean evaluate(Object expression, String condition) {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalArgumentException("Condition " + condition + ": expected Fn::Equals, Fn::Not, Fn::And, "
                    + "Fn::Or or Condition, got " + expression);
        }
        Map.Entry<String, Object> only = SamTemplate.cast(map).entrySet().iterator().next();
        return switch (only.getKey()) {
            case "Condition" -> isTrue(String.valueOf(only.getValue()));
            case "Fn::Equals" -> {
                List<?> operands = operands(only, condition, 2, 2);
                yield value(operands.get(0), condition).equals(value(operands.get(1), condition));
            }
            case "Fn::Not" -> !evaluate(operands(only, condition, 1, 1).get(0), condition);
            case "Fn::And" -> {
                boolean all = true;
                for (Object operand : operands(only, condition, 2, 10)) {
                    all &= evaluate(operand, condition); // no short cut: a malformed operand is reported either way
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (Object operand : operands(only, condition, 2, 10)) {
                    any |= evaluate(operand, condition);
                }
                yield any;
            }
            default -> throw new UnsupportedOperationException("Condition " + condition + ": " + only.getKey()
                    + " is not supported by the local runner in conditions: use Fn::Equals, Fn::Not, Fn::And, "
                    + "Fn::Or, Condition and Ref to parameters");
        };
    }

    private static List<?> operands(Map.Entry<String, Object> function, String condition, int min, int max) {
        if (!(function.getValue() instanceof List<?> list) || list.size() < min || list.size() > max) {
            String count = min == max ? String.valueOf(min) : min + " to " + max;
            throw new IllegalArgumentException("Condition " + condition + ": " + function.getKey() + " takes a list of "
                    + count + " operands, got " + function.getValue());
        }
        return list;
    }

    /** An operand of {@code Fn::Equals}, as text. */
    private String value(Object operand, String condition) {
        if (operand instanceof String || operand instanceof Number || operand instanceof Boolean) {
            return String.valueOf(operand);
        }
        if (operand instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") != null) {
            String name = String.valueOf(map.get("Ref"));
            String value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException("Condition " + condition + ": Ref " + name
                        + " is not a parameter with a value (a condition can reference only parameters)");
            }
            return value;
        }
        throw new UnsupportedOperationException("Condition " + condition + ": Fn::Equals operand " + operand
                + " is not supported by the local runner: use literals and Ref to parameters");
    }
}
