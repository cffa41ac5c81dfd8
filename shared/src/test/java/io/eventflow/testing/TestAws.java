package io.eventflow.testing;

import io.eventflow.archive.ArchiveItem;
import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** AWS clients and resources on the test emulator, created with the real SDK. */
public final class TestAws {

    private TestAws() {}

    /**
     * Clients pointed at the emulator, signed as its administrator: shared-module tests exercise the library, not a
     * deployment's permissions (the local runner's tests run each function under its own role).
     */
    public static AwsClients clients(AwsEmulator emulator) {
        return clients(emulator, new ExecutionInterceptor[0]);
    }

    /** Clients pointed at the emulator whose requests also pass through these interceptors (a {@link RequestRecorder}). */
    public static AwsClients clients(AwsEmulator emulator, ExecutionInterceptor... interceptors) {
        AwsClients.Builder builder = AwsClients.builder()
                .endpoint(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentials(emulator.administrator());
        for (ExecutionInterceptor interceptor : interceptors) {
            builder.addInterceptor(interceptor);
        }
        return builder.build();
    }

    /** A unique resource name, so tests of one class (which share the emulator's state) never collide. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An idempotency table as the template declares it: key {@code id} (S), on-demand. */
    public static String createIdempotencyTable(DynamoDbClient dynamoDb) {
        return createTable(dynamoDb, uniqueName("idempotency"), "id");
    }

    /** The archive table as template.yaml declares it. */
    public static String createArchiveTable(DynamoDbClient dynamoDb) {
        String name = TestAws.uniqueName("archive");
        dynamoDb.createTable(request -> request
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        d -> d.attributeName(ArchiveItem.EVENT_ID).attributeType(ScalarAttributeType.S),
                        d -> d.attributeName(ArchiveItem.TYPE_DAY).attributeType(ScalarAttributeType.S),
                        d -> d.attributeName(ArchiveItem.TIME_ID).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(ArchiveItem.EVENT_ID).keyType(KeyType.HASH))
                .globalSecondaryIndexes(index -> index
                        .indexName(ArchiveItem.BY_TYPE_DAY)
                        .keySchema(k -> k.attributeName(ArchiveItem.TYPE_DAY).keyType(KeyType.HASH),
                                k -> k.attributeName(ArchiveItem.TIME_ID).keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(name));
        return name;
    }

    /** A table with one string hash key, on-demand, for effects such as counters. */
    public static String createTable(DynamoDbClient dynamoDb, String name, String hashKey) {
        dynamoDb.createTable(request -> request
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(definition -> definition.attributeName(hashKey).attributeType(ScalarAttributeType.S))
                .keySchema(key -> key.attributeName(hashKey).keyType(KeyType.HASH)));
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(name));
        return name;
    }

    /**
     * A queue subscribed to the topic with raw delivery, as the template subscribes each consumer; FIFO (names ending
     * {@code .fifo}) when the topic is.
     *
     * @return the queue's URL
     */
    public static String subscribedQueue(AwsClients clients, String topicArn, String name) {
        boolean fifo = topicArn.endsWith(".fifo");
        String queueUrl = clients.sqs().createQueue(request -> request.queueName(fifo ? name + ".fifo" : name)
                .attributes(fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of())).queueUrl();
        String queueArn = clients.sqs().getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(request -> request.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        return queueUrl;
    }

    /** A transactional effect adding one to attribute {@code n} of the item {@code pk = counter} in {@code table}. */
    public static TransactWriteItem increment(String table, String counter) {
        return TransactWriteItem.builder().update(update -> update
                        .tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(counter)))
                        .updateExpression("ADD #n :one")
                        .expressionAttributeNames(Map.of("#n", "n"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                .build();
    }

    /** The item under a string hash key, read consistently; empty when absent. */
    public static Map<String, AttributeValue> item(DynamoDbClient dynamoDb, String table, String keyName, String key) {
        return dynamoDb.getItem(request -> request
                        .tableName(table)
                        .key(Map.of(keyName, AttributeValue.fromS(key)))
                        .consistentRead(true))
                .item();
    }
}
