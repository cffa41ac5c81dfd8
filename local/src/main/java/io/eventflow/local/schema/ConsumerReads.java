package io.eventflow.local.schema;

import io.eventflow.consume.ReadVersions;
import io.eventflow.local.template.SamTemplate;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each consumer of the template declares it reads: the {@code public static final ReadVersions READS} of its
 * handler class (the {@code Handler} the template names), the declaration the function passes to its processor. A
 * function without one is not listed.
 */
final class ConsumerReads {

    /** The field every consumer's handler declares its versions in. */
    static final String FIELD = "READS";

    private ConsumerReads() {}

    /** Each consumer, named as {@link TemplateSubscriptions} names it, and its declaration, in template order. */
    static Map<String, ReadVersions> of(SamTemplate template) {
        Map<String, ReadVersions> reads = new LinkedHashMap<>();
        template.resources().values().stream().filter(r -> "AWS::Serverless::Function".equals(r.type())).forEach(function -> {
            String handler = String.valueOf(function.properties().get("Handler")).replaceFirst("::.*$", "");
            declared(handler).ifPresent(declared -> reads.put(TemplateSubscriptions.consumerName(function), declared));
        });
        return reads;
    }

    /** How the catalog says what a consumer reads of a type. */
    static String describe(ReadVersions reads, String type) {
        if (reads.readsAsWritten()) {
            return "every version as written";
        }
        return reads.newest(type).stream().mapToObj(newest -> newest == 1 ? "v1" : "v1–v" + newest + ", seen as v" + newest)
                .findFirst().orElse("no version declared: dead-lettered as unsupported-version");
    }

    private static Optional<ReadVersions> declared(String handlerClass) {
        try {
            Field field = Class.forName(handlerClass).getField(FIELD);
            if (!Modifier.isStatic(field.getModifiers()) || !(field.get(null) instanceof ReadVersions declared)) {
                throw new IllegalStateException(handlerClass + "." + FIELD + " is not a static ReadVersions");
            }
            return java.util.Optional.of(declared);
        } catch (NoSuchFieldException rawConsumer) {
            return java.util.Optional.empty(); // the replayer reads replay jobs, not events
        } catch (ClassNotFoundException | IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + handlerClass + "." + FIELD + ": is its function on the classpath?", e);
        }
    }
}
