package io.eventflow.consume;

/**
 * Why a record was sent to its queue's dead-letter queue, as written in the {@value #ATTRIBUTE} message attribute.
 * Everything but {@link #RETRIES_EXHAUSTED} is non-retryable: it is dead-lettered on its first receive.
 */
public enum DeadLetterReason {
    /** The body is not JSON, or not a CloudEvents 1.0 event eventflow can read. */
    MALFORMED("malformed"),
    /** The event's type is not in the schema catalog. */
    UNKNOWN_TYPE("unknown-type"),
    /**
     * The {@code type} or {@code event-id} message attribute is missing or disagrees with the body: the message did
     * not come through the publisher, and subscription filters routed it on something other than its content.
     */
    ATTRIBUTE_MISMATCH("attribute-mismatch"),
    /**
     * The event is in a version of its type newer than this consumer reads, and the type's compatibility mode does not
     * promise that older readers can read it: redrive it once a consumer that reads the version is deployed.
     */
    UNSUPPORTED_VERSION("unsupported-version"),
    /** The event's data breaks its type's schema. */
    SCHEMA_INVALID("schema-invalid"),
    /**
     * The body is JSON that two parsers could read differently (the same member twice in one object), so which
     * value counts would depend on the parser.
     */
    AMBIGUOUS_JSON("ambiguous-json"),
    /**
     * A value of the event would be refused by a service it is written to: a key, an attribute or an item beyond
     * DynamoDB's, SNS's or SQS's documented sizes (see {@code PlatformLimits}).
     */
    TOO_LARGE("too-large"),
    /** The event id, type, source or subject holds characters SQS refuses in a message attribute. */
    INVALID_CHARACTERS("invalid-characters"),
    /**
     * A field of the event breaks a rule the consumer declared for what its own service accepts
     * ({@link AdmissionRule}): for the notifier, a recipient address SES refuses or a subject line a header cannot
     * carry. {@value #ERROR_ATTRIBUTE} names the field.
     */
    FIELD_REFUSED("field-refused"),
    /** The event's time is further from now than the consumer's {@link EventTimeWindow} allows. */
    TIME_OUT_OF_RANGE("time-out-of-range"),
    /**
     * AWS refused a request made on the record's behalf with an error that will recur (a validation error, an item
     * or key too large, another deterministic 4xx); the service's message is in {@value #ERROR_ATTRIBUTE}.
     */
    AWS_REJECTED("aws-rejected"),
    /** The event id was already used with a different payload. */
    PAYLOAD_CONFLICT("payload-conflict"),
    /** The handler threw {@link NonRetryableException}. */
    NON_RETRYABLE("non-retryable"),
    /** A retryable failure on the queue's last allowed receive ({@code maxReceiveCount}). */
    RETRIES_EXHAUSTED("retries-exhausted");

    /** Message attribute holding the reason code. */
    public static final String ATTRIBUTE = "dlq-reason";
    /**
     * Message attribute holding the error message (at most 1,000 characters; shorter, or absent, when the copy would
     * not otherwise fit the dead-letter queue's maximum message size).
     */
    public static final String ERROR_ATTRIBUTE = "dlq-error";
    /** Message attribute holding the consumer that gave up. */
    public static final String CONSUMER_ATTRIBUTE = "dlq-consumer";
    /** Message attribute holding the receive count when it gave up. */
    public static final String RECEIVE_COUNT_ATTRIBUTE = "dlq-receive-count";
    /** Message attribute holding when it gave up (RFC 3339, UTC). */
    public static final String FAILED_AT_ATTRIBUTE = "dlq-failed-at";

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    /** The value written in {@value #ATTRIBUTE}. */
    public String code() {
        return code;
    }
}
