package io.eventflow.telemetry.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names eventflow's spans use: OpenTelemetry's messaging, FaaS, cloud, RPC and CloudEvents semantic
 * conventions where they have a name, {@code eventflow.*} where they do not. Written out here rather than taken from
 * the semconv artifacts, which are alpha and load hundreds of constants for the dozen used.
 */
public final class TraceAttributes {

    /** The instrumentation scope of every span eventflow makes. */
    public static final String INSTRUMENTATION_SCOPE = "io.eventflow";

    public static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    public static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");
    public static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");
    public static final AttributeKey<String> CLOUD_REGION = AttributeKey.stringKey("cloud.region");
    public static final AttributeKey<String> CLOUD_ACCOUNT_ID = AttributeKey.stringKey("cloud.account.id");
    public static final AttributeKey<String> CLOUD_RESOURCE_ID = AttributeKey.stringKey("cloud.resource_id");
    public static final AttributeKey<String> FAAS_NAME = AttributeKey.stringKey("faas.name");
    public static final AttributeKey<String> FAAS_VERSION = AttributeKey.stringKey("faas.version");
    public static final AttributeKey<String> FAAS_INSTANCE = AttributeKey.stringKey("faas.instance");
    public static final AttributeKey<Long> FAAS_MAX_MEMORY = AttributeKey.longKey("faas.max_memory");
    public static final AttributeKey<String> FAAS_TRIGGER = AttributeKey.stringKey("faas.trigger");
    public static final AttributeKey<String> FAAS_INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    public static final AttributeKey<Boolean> FAAS_COLDSTART = AttributeKey.booleanKey("faas.coldstart");

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    public static final AttributeKey<String> MESSAGING_DESTINATION_NAME = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    public static final AttributeKey<Long> MESSAGING_BATCH_MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    public static final AttributeKey<String> CLOUDEVENTS_EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    public static final AttributeKey<String> CLOUDEVENTS_EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    public static final AttributeKey<String> CLOUDEVENTS_EVENT_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");

    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<String> AWS_REQUEST_ID = AttributeKey.stringKey("aws.request_id");
    public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<java.util.List<String>> AWS_DYNAMODB_TABLE_NAMES = AttributeKey.stringArrayKey("aws.dynamodb.table_names");
    public static final AttributeKey<String> AWS_SQS_QUEUE_URL = AttributeKey.stringKey("aws.sqs.queue.url");
    public static final AttributeKey<String> AWS_SNS_TOPIC_ARN = AttributeKey.stringKey("aws.sns.topic.arn");

    /** Consumer name (its idempotency-key prefix). */
    public static final AttributeKey<String> EVENTFLOW_CONSUMER = AttributeKey.stringKey("eventflow.consumer");
    /** What became of the record: processed, duplicate, retried, dead_lettered, not_started. */
    public static final AttributeKey<String> EVENTFLOW_OUTCOME = AttributeKey.stringKey("eventflow.outcome");
    /** SQS's ApproximateReceiveCount of the message: 1 on the first attempt. */
    public static final AttributeKey<Long> EVENTFLOW_RECEIVE_COUNT = AttributeKey.longKey("eventflow.receive_count");
    /** Why the record was retried or dead-lettered. */
    public static final AttributeKey<String> EVENTFLOW_ERROR = AttributeKey.stringKey("eventflow.error");

    private TraceAttributes() {}
}
