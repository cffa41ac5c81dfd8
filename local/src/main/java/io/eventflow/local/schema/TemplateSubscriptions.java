package io.eventflow.local.schema;

import io.eventflow.local.template.SamTemplate;
import io.eventflow.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which consumers get which event types, read from the template: each {@code AWS::SNS::Subscription}'s filter policy
 * on the {@code type} attribute, and the function whose SQS event source is the subscribed queue. A consumer is named
 * by its function's logical id without {@code Function}, lowercased ({@code NotifierFunction}: notifier).
 */
final class TemplateSubscriptions {

    private TemplateSubscriptions() {}

    /**
     * For each type, the consumers whose filter policy admits it, in template order.
     *
     * @throws IllegalArgumentException when a filter policy on {@code type} uses an operator this reading does not know
     */
    static Map<String, List<String>> consumersByType(SamTemplate template, Collection<String> types) {
        Map<String, TemplateResource> resources = template.resources();
        Map<String, String> consumerByQueue = new LinkedHashMap<>();
        resources.values().stream().filter(r -> "AWS::Serverless::Function".equals(r.type())).forEach(function ->
                SamTemplate.cast(function.properties().getOrDefault("Events", Map.of())).values().forEach(source -> {
                    Map<String, Object> event = SamTemplate.cast(source);
                    if ("SQS".equals(event.get("Type"))) {
                        String queue = queueOf(SamTemplate.cast(event.getOrDefault("Properties", Map.of())).get("Queue"));
                        consumerByQueue.put(queue, consumerName(function));
                    }
                }));
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        types.forEach(type -> consumers.put(type, new ArrayList<>()));
        resources.values().stream().filter(r -> "AWS::SNS::Subscription".equals(r.type())).forEach(subscription -> {
            String consumer = consumerByQueue.get(queueOf(subscription.properties().get("Endpoint")));
            if (consumer == null) {
                return; // a subscription no function consumes (none today) gets no catalog entry
            }
            Predicate<String> admits = admits(subscription.logicalId(), subscription.properties().get("FilterPolicy"));
            types.stream().filter(admits).forEach(type -> consumers.get(type).add(consumer));
        });
        return consumers;
    }

    /** A function's consumer name: its logical id without {@code Function}, lowercased. */
    static String consumerName(TemplateResource function) {
        return function.logicalId().replaceFirst("Function$", "").toLowerCase(Locale.ROOT);
    }

    /** The queue's logical id in {@code !GetAtt Queue.Arn}, or null for any other endpoint. */
    private static String queueOf(Object endpoint) {
        if (endpoint instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt && !getAtt.isEmpty()) {
            return String.valueOf(getAtt.getFirst());
        }
        return null;
    }

    private static Predicate<String> admits(String subscription, Object policy) {
        if (policy == null) {
            return type -> true;
        }
        if (!(policy instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(subscription + ": FilterPolicy is not a mapping: " + policy);
        }
        Object condition = map.get("type");
        if (condition == null) {
            throw new IllegalArgumentException(subscription + ": FilterPolicy does not filter on 'type': " + policy);
        }
        List<Predicate<String>> any = new ArrayList<>();
        for (Object value : condition instanceof List<?> list ? list : List.of(condition)) {
            any.add(matcher(subscription, value));
        }
        return type -> any.stream().anyMatch(p -> p.test(type));
    }

    private static Predicate<String> matcher(String subscription, Object value) {
        if (value instanceof String exact) {
            return exact::equals;
        }
        if (value instanceof Map<?, ?> operator && operator.size() == 1) {
            if (Objects.equals(operator.get("exists"), Boolean.TRUE)) {
                return type -> true;
            }
            if (operator.get("prefix") instanceof String prefix) {
                return type -> type.startsWith(prefix);
            }
        }
        throw new IllegalArgumentException(subscription + ": FilterPolicy operator " + value
                + " on 'type' is not read by the catalog (it reads exact values, exists: true and prefix)");
    }
}
