package io.eventflow.local.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as plain maps and lists. CloudFormation's short-form tags ({@code !Ref x},
 * {@code !GetAtt a.b}, {@code !Sub s}, ...) become their long form ({@code {Ref: x}}, {@code {Fn::GetAtt: [a, b]}},
 * ...), so the resolver sees one shape. Globals of {@code AWS::Serverless::Function} are merged into each function.
 * A resource's top-level {@code Condition} is kept for {@link ConditionEvaluator}.
 */
public final class SamTemplate {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs",
            "If", "ImportValue", "Join", "Not", "And", "Or", "Select", "Split", "Sub", "Transform", "ToJsonString", "Length");

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object parsed = new Yaml(new IntrinsicTags()).load(reader);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + " is not a CloudFormation template (no top-level mapping)");
            }
            return new SamTemplate(cast(map));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** A template already parsed, such as the translator's expansion of this one. */
    public static SamTemplate of(Map<String, Object> document) {
        return new SamTemplate(document);
    }

    /** The whole template as maps and lists (intrinsics in long form), as CloudFormation's JSON form has it. */
    public Map<String, Object> document() {
        return root;
    }

    /** Resources by logical id, in template order, with function Globals merged in. */
    public Map<String, TemplateResource> resources() {
        Map<String, Object> globals = cast(cast(root.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
        Map<String, TemplateResource> resources = new LinkedHashMap<>();
        cast(root.getOrDefault("Resources", Map.of())).forEach((logicalId, definition) -> {
            Map<String, Object> body = cast(definition);
            String type = String.valueOf(body.get("Type"));
            Map<String, Object> own = cast(body.getOrDefault("Properties", Map.of()));
            Map<String, Object> properties = "AWS::Serverless::Function".equals(type) ? withGlobals(globals, own) : new LinkedHashMap<>(own);
            Object condition = body.get("Condition");
            resources.put(logicalId, new TemplateResource(logicalId, type, properties,
                    condition == null ? null : String.valueOf(condition)));
        });
        return resources;
    }

    /**
     * A function's properties over the Globals, as SAM merges them: maps (Environment.Variables) key by key, lists
     * global entries first, anything else the function's own.
     */
    private static Map<String, Object> withGlobals(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> merged.merge(key, value, (global, local) -> {
            if (global instanceof Map<?, ?> globalMap && local instanceof Map<?, ?> localMap) {
                return withGlobals(cast(globalMap), cast(localMap));
            }
            if (global instanceof List<?> globalList && local instanceof List<?> localList) {
                List<Object> both = new ArrayList<>(globalList);
                both.addAll(localList);
                return both;
            }
            return local;
        }));
        return merged;
    }

    /** The {@code Conditions} section: each condition's expression (intrinsics in long form) by name. */
    public Map<String, Object> conditions() {
        return cast(root.getOrDefault("Conditions", Map.of()));
    }

    /** Each output's {@code Value}, still unresolved, by output name in template order. */
    public Map<String, Object> outputs() {
        Map<String, Object> outputs = new LinkedHashMap<>();
        cast(root.getOrDefault("Outputs", Map.of())).forEach((name, definition) -> outputs.put(name, cast(definition).get("Value")));
        return outputs;
    }

    /** Each parameter's default value (as text), for those that have one. */
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        cast(root.getOrDefault("Parameters", Map.of())).forEach((name, definition) -> {
            Object value = cast(definition).get("Default");
            if (value != null) {
                defaults.put(name, String.valueOf(value));
            }
        });
        return defaults;
    }

    /** Views a mapping node of the parsed template as a map (the YAML loader only makes string-keyed maps here). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    /** Turns each short-form intrinsic tag into its long-form mapping. */
    private static final class IntrinsicTags extends SafeConstructor {
        IntrinsicTags() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> key.equals("Fn::GetAtt")
                            ? List.of(scalar.getValue().split("\\.", 2))
                            : scalar.getValue();
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("Unexpected YAML node for " + key + ": " + node);
                };
                return Map.of(key, value);
            }
        }
    }
}
