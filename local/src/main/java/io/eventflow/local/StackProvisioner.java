package io.eventflow.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.local.template.ConditionEvaluator;
import io.eventflow.local.template.CreatedResource;
import io.eventflow.local.template.IntrinsicResolver;
import io.eventflow.local.template.SamTemplate;
import io.eventflow.local.template.TemplateResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates on an AWS endpoint the resources {@code template.yaml} declares, with the SDK: SNS topics, SQS queues with
 * their redrive policies, subscriptions with filter policy and raw delivery, DynamoDB tables with their global and
 * local indexes and TTL. Functions are not deployed but described ({@link FunctionDefinition}) for the in-process event sources. Resources
 * the emulator has no use for (IAM, alarms, queue policies) are listed, not created. A resource whose top-level
 * {@code Condition} is false is not created either, whatever its type, as in CloudFormation ({@link ConditionEvaluator}).
 *
 * <p>Resources are created in dependency order, found by resolving: one whose properties reference a resource not yet
 * created waits for a later pass.
 *
 * <p>{@link #describe} walks the template the same way but creates nothing: it looks each resource up by the name
 * provisioning gave it, for tools that act on a stack an earlier run created ({@code eventflow dlq}, {@code publish}).
 * Either way the template's {@code Outputs} are resolved, so local tools read the names a deployed stack would give.
 */
public final class StackProvisioner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final String region;

    public StackProvisioner(SnsClient sns, SqsClient sqs, DynamoDbClient dynamoDb, String region) {
        this.sns = Objects.requireNonNull(sns);
        this.sqs = Objects.requireNonNull(sqs);
        this.dynamoDb = Objects.requireNonNull(dynamoDb);
        this.region = Objects.requireNonNull(region);
    }

    /** Whether resources are created or only looked up. */
    private enum Mode { CREATE, LOOK_UP }

    /**
     * @param parameterOverrides values for template parameters, taking precedence over their defaults
     */
    public ProvisionedStack provision(SamTemplate template, String stackName, Map<String, String> parameterOverrides) {
        return walk(template, stackName, parameterOverrides, Mode.CREATE);
    }

    /**
     * The stack as an earlier {@link #provision} with the same template, name and parameters created it, found by
     * name; nothing is created.
     *
     * @throws IllegalStateException when a resource is not there
     */
    public ProvisionedStack describe(SamTemplate template, String stackName, Map<String, String> parameterOverrides) {
        return walk(template, stackName, parameterOverrides, Mode.LOOK_UP);
    }

    private ProvisionedStack walk(SamTemplate template, String stackName, Map<String, String> parameterOverrides, Mode mode) {
        Map<String, String> parameters = new HashMap<>(template.parameterDefaults());
        parameters.putAll(parameterOverrides);
        parameters.put("AWS::StackName", stackName);
        parameters.put("AWS::Region", region);
        parameters.put("AWS::AccountId", "000000000000");
        parameters.put("AWS::Partition", "aws");
        parameters.put("AWS::URLSuffix", "amazonaws.com");

        Map<String, CreatedResource> created = new LinkedHashMap<>();
        IntrinsicResolver resolver = new IntrinsicResolver(parameters, created);
        ConditionEvaluator conditions = new ConditionEvaluator(template.conditions(), parameters);
        List<FunctionDefinition> functions = new ArrayList<>();
        Map<String, String> notEmulated = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<TemplateResource> pending = new ArrayList<>();
        for (TemplateResource resource : template.resources().values()) {
            if (resource.condition() != null && !conditions.isTrue(resource.condition())) {
                skipped.put(resource.logicalId(), "condition " + resource.condition() + " is false");
            } else if (isEmulated(resource.type())) {
                pending.add(resource);
            } else {
                notEmulated.put(resource.logicalId(), resource.type());
            }
        }
        while (!pending.isEmpty()) {
            List<TemplateResource> waiting = new ArrayList<>();
            Map<String, String> reasons = new LinkedHashMap<>();
            for (TemplateResource resource : pending) {
                try {
                    created.put(resource.logicalId(), create(resource, stackName, resolver, functions, mode));
                } catch (IntrinsicResolver.NotYetCreatedException e) {
                    if (skipped.containsKey(e.logicalId())) {
                        throw new IllegalStateException(resource.logicalId() + " references " + e.logicalId()
                                + ", which is not created: " + skipped.get(e.logicalId()), e);
                    }
                    waiting.add(resource);
                    reasons.put(resource.logicalId(), e.getMessage());
                }
            }
            if (waiting.size() == pending.size()) {
                throw new IllegalStateException("Cannot create these resources, their references never resolve: " + reasons);
            }
            pending = waiting;
        }
        return new ProvisionedStack(stackName, parameters, created, functions, notEmulated, skipped,
                outputs(template, resolver));
    }

    /** The template's outputs that resolve here; one naming a resource the runner does not create is left out. */
    private static Map<String, String> outputs(SamTemplate template, IntrinsicResolver resolver) {
        Map<String, String> outputs = new LinkedHashMap<>();
        template.outputs().forEach((name, value) -> {
            try {
                outputs.put(name, resolver.text(value));
            } catch (IntrinsicResolver.NotYetCreatedException | UnsupportedOperationException e) {
                // e.g. an alarm's ARN: not emulated, so there is nothing to name
            }
        });
        return outputs;
    }

    private static boolean isEmulated(String type) {
        return switch (type) {
            case "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::SNS::Subscription", "AWS::DynamoDB::Table",
                 "AWS::Serverless::Function", "AWS::Logs::LogGroup" -> true;
            default -> false;
        };
    }

    private CreatedResource create(TemplateResource resource, String stackName, IntrinsicResolver resolver,
                                   List<FunctionDefinition> functions, Mode mode) {
        Map<String, Object> properties = resource.properties();
        String defaultName = stackName + "-" + resource.logicalId();
        boolean create = mode == Mode.CREATE;
        return switch (resource.type()) {
            case "AWS::SNS::Topic" -> create ? createTopic(properties, resolver, defaultName)
                    : findTopic(textOr(resolver, properties.get("TopicName"), defaultName));
            case "AWS::SQS::Queue" -> create ? createQueue(properties, resolver, defaultName)
                    : findQueue(textOr(resolver, properties.get("QueueName"), defaultName));
            // Nothing refers to a subscription: looking one up would only prove it exists.
            case "AWS::SNS::Subscription" -> create ? subscribe(properties, resolver) : new CreatedResource("", Map.of());
            case "AWS::DynamoDB::Table" -> create ? createTable(properties, resolver, defaultName)
                    : findTable(textOr(resolver, properties.get("TableName"), defaultName));
            case "AWS::Serverless::Function" -> describeFunction(resource, resolver, defaultName, functions);
            // Named, not created: only Lambda writes logs, and the roles' policies need the group's ARN.
            case "AWS::Logs::LogGroup" -> logGroup(textOr(resolver, properties.get("LogGroupName"), defaultName), resolver);
            default -> throw new IllegalArgumentException("not emulated: " + resource.type());
        };
    }

    private static CreatedResource logGroup(String name, IntrinsicResolver resolver) {
        String arn = resolver.text(Map.of("Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + name + ":*"));
        return new CreatedResource(name, Map.of("Arn", arn));
    }

    private CreatedResource createTopic(Map<String, Object> properties, IntrinsicResolver resolver, String defaultName) {
        String name = textOr(resolver, properties.get("TopicName"), defaultName);
        Map<String, String> attributes = new HashMap<>();
        if (Boolean.parseBoolean(String.valueOf(resolver.resolve(properties.get("FifoTopic"))))) {
            attributes.put("FifoTopic", "true");
            attributes.put("ContentBasedDeduplication", String.valueOf(
                    Boolean.parseBoolean(String.valueOf(resolver.resolve(properties.get("ContentBasedDeduplication"))))));
        }
        return topic(sns.createTopic(request -> request.name(name).attributes(attributes)).topicArn(), name);
    }

    private CreatedResource findTopic(String name) {
        return sns.listTopicsPaginator().topics().stream()
                .map(Topic::topicArn)
                .filter(arn -> arn.endsWith(":" + name))
                .findFirst()
                .map(arn -> topic(arn, name))
                .orElseThrow(() -> notThere("topic " + name));
    }

    private static CreatedResource topic(String arn, String name) {
        return new CreatedResource(arn, Map.of("TopicArn", arn, "TopicName", name));
    }

    private CreatedResource createQueue(Map<String, Object> properties, IntrinsicResolver resolver, String defaultName) {
        String name = textOr(resolver, properties.get("QueueName"), defaultName);
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        copyAttribute(properties, resolver, "VisibilityTimeout", QueueAttributeName.VISIBILITY_TIMEOUT, attributes);
        copyAttribute(properties, resolver, "MessageRetentionPeriod", QueueAttributeName.MESSAGE_RETENTION_PERIOD, attributes);
        copyAttribute(properties, resolver, "DelaySeconds", QueueAttributeName.DELAY_SECONDS, attributes);
        copyAttribute(properties, resolver, "MaximumMessageSize", QueueAttributeName.MAXIMUM_MESSAGE_SIZE, attributes);
        copyAttribute(properties, resolver, "ReceiveMessageWaitTimeSeconds", QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, attributes);
        copyAttribute(properties, resolver, "FifoQueue", QueueAttributeName.FIFO_QUEUE, attributes);
        copyAttribute(properties, resolver, "ContentBasedDeduplication", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, attributes);
        if (properties.containsKey("RedrivePolicy")) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, json(resolver.resolve(properties.get("RedrivePolicy"))));
        }
        return queue(sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl(), name);
    }

    private CreatedResource findQueue(String name) {
        try {
            return queue(sqs.getQueueUrl(request -> request.queueName(name)).queueUrl(), name);
        } catch (QueueDoesNotExistException e) {
            throw notThere("queue " + name);
        }
    }

    private CreatedResource queue(String url, String name) {
        String arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new CreatedResource(url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private CreatedResource subscribe(Map<String, Object> properties, IntrinsicResolver resolver) {
        String topicArn = resolver.text(properties.get("TopicArn"));
        String protocol = resolver.text(properties.get("Protocol"));
        String endpoint = resolver.text(properties.get("Endpoint"));
        Map<String, String> attributes = new HashMap<>();
        if (properties.containsKey("RawMessageDelivery")) {
            attributes.put("RawMessageDelivery", resolver.text(properties.get("RawMessageDelivery")));
        }
        if (properties.containsKey("FilterPolicy")) {
            attributes.put("FilterPolicy", json(resolver.resolve(properties.get("FilterPolicy"))));
        }
        if (properties.containsKey("FilterPolicyScope")) {
            attributes.put("FilterPolicyScope", resolver.text(properties.get("FilterPolicyScope")));
        }
        if (properties.containsKey("RedrivePolicy")) {
            attributes.put("RedrivePolicy", json(resolver.resolve(properties.get("RedrivePolicy"))));
        }
        String arn = sns.subscribe(request -> request.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
                .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
        return new CreatedResource(arn, Map.of());
    }

    private CreatedResource createTable(Map<String, Object> properties, IntrinsicResolver resolver, String defaultName) {
        String name = textOr(resolver, properties.get("TableName"), defaultName);
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(textOr(resolver, properties.get("BillingMode"), "PAY_PER_REQUEST"))
                .keySchema(keySchema(resolver.resolve(properties.get("KeySchema"))))
                .attributeDefinitions(list(resolver.resolve(properties.get("AttributeDefinitions"))).stream()
                        .map(definition -> AttributeDefinition.builder()
                                .attributeName(String.valueOf(definition.get("AttributeName")))
                                .attributeType(String.valueOf(definition.get("AttributeType")))
                                .build())
                        .toList());
        if (properties.containsKey("GlobalSecondaryIndexes")) {
            request.globalSecondaryIndexes(list(resolver.resolve(properties.get("GlobalSecondaryIndexes"))).stream()
                    .map(index -> GlobalSecondaryIndex.builder()
                            .indexName(String.valueOf(index.get("IndexName")))
                            .keySchema(keySchema(index.get("KeySchema")))
                            .projection(projection(index))
                            .build())
                    .toList());
        }
        if (properties.containsKey("LocalSecondaryIndexes")) {
            request.localSecondaryIndexes(list(resolver.resolve(properties.get("LocalSecondaryIndexes"))).stream()
                    .map(index -> LocalSecondaryIndex.builder()
                            .indexName(String.valueOf(index.get("IndexName")))
                            .keySchema(keySchema(index.get("KeySchema")))
                            .projection(projection(index))
                            .build())
                    .toList());
        }
        TableDescription table = dynamoDb.createTable(request.build()).tableDescription();
        dynamoDb.waiter().waitUntilTableExists(wait -> wait.tableName(name));
        if (properties.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl) {
            Map<String, Object> spec = SamTemplate.cast(resolver.resolve(ttl));
            if (Boolean.parseBoolean(String.valueOf(spec.get("Enabled")))) {
                dynamoDb.updateTimeToLive(update -> update.tableName(name).timeToLiveSpecification(t -> t
                        .attributeName(String.valueOf(spec.get("AttributeName"))).enabled(true)));
            }
        }
        return table(name, table);
    }

    /** An index's projection: its type (ALL when not given) and the non-key attributes an INCLUDE names. */
    private static Projection projection(Map<String, Object> index) {
        Map<String, Object> projection = SamTemplate.cast(index.getOrDefault("Projection", Map.of("ProjectionType", "ALL")));
        Projection.Builder builder = Projection.builder().projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
        if (projection.get("NonKeyAttributes") instanceof List<?> attributes) {
            builder.nonKeyAttributes(attributes.stream().map(String::valueOf).toList());
        }
        return builder.build();
    }

    private CreatedResource findTable(String name) {
        try {
            return table(name, dynamoDb.describeTable(request -> request.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            throw notThere("table " + name);
        }
    }

    private static CreatedResource table(String name, TableDescription table) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("Arn", table.tableArn());
        if (table.latestStreamArn() != null) {
            attributes.put("StreamArn", table.latestStreamArn());
        }
        return new CreatedResource(name, attributes);
    }

    private static IllegalStateException notThere(String what) {
        return new IllegalStateException("No " + what + " on this endpoint: the stack was not provisioned here, or with another template");
    }

    private CreatedResource describeFunction(TemplateResource resource, IntrinsicResolver resolver, String defaultName,
                                             List<FunctionDefinition> functions) {
        Map<String, Object> properties = resource.properties();
        String name = textOr(resolver, properties.get("FunctionName"), defaultName);
        Map<String, String> environment = new LinkedHashMap<>();
        if (properties.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
            SamTemplate.cast(variables).forEach((key, value) -> environment.put(key, resolver.text(value)));
        }
        List<FunctionDefinition.QueueSource> sources = new ArrayList<>();
        if (properties.get("Events") instanceof Map<?, ?> events) {
            for (Object definition : events.values()) {
                Map<String, Object> event = SamTemplate.cast(definition);
                if (!"SQS".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> eventProperties = SamTemplate.cast(event.get("Properties"));
                String queueArn = resolver.text(eventProperties.get("Queue"));
                String queueUrl = sqs.getQueueUrl(request -> request.queueName(queueArn.substring(queueArn.lastIndexOf(':') + 1))).queueUrl();
                int batchSize = Integer.parseInt(textOr(resolver, eventProperties.get("BatchSize"), "10"));
                boolean partial = String.valueOf(eventProperties.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
                int concurrency = eventProperties.get("ScalingConfig") instanceof Map<?, ?> scaling
                        ? Integer.parseInt(textOr(resolver, scaling.get("MaximumConcurrency"), "1"))
                        : 1;
                sources.add(new FunctionDefinition.QueueSource(queueArn, queueUrl, batchSize, partial, concurrency));
            }
        }
        Duration timeout = Duration.ofSeconds(Long.parseLong(textOr(resolver, properties.get("Timeout"), "3")));
        functions.add(new FunctionDefinition(resource.logicalId(), name, resolver.text(properties.get("Handler")),
                timeout, environment, sources));
        String arn = "arn:aws:lambda:" + region + ":000000000000:function:" + name;
        return new CreatedResource(name, Map.of("Arn", arn));
    }

    private static void copyAttribute(Map<String, Object> properties, IntrinsicResolver resolver, String property,
                                      QueueAttributeName attribute, Map<QueueAttributeName, String> attributes) {
        if (properties.containsKey(property)) {
            attributes.put(attribute, resolver.text(properties.get(property)));
        }
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream()
                .map(element -> KeySchemaElement.builder()
                        .attributeName(String.valueOf(element.get("AttributeName")))
                        .keyType(String.valueOf(element.get("KeyType")))
                        .build())
                .toList();
    }

    private static List<Map<String, Object>> list(Object value) {
        List<Map<String, Object>> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(SamTemplate.cast(item)));
        }
        return items;
    }

    private static String textOr(IntrinsicResolver resolver, Object value, String fallback) {
        return value == null ? fallback : resolver.text(value);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + value, e);
        }
    }
}
