package io.eventflow.internal;

/**
 * The limits of the AWS services eventflow writes to, each written down once with the page that documents it.
 * Admission checks a record against them before its claim, so that nothing admitted is later refused by a service;
 * the code that batches or sends requests sizes them from the same constants.
 */
public final class PlatformLimits {

    private PlatformLimits() {}

    /**
     * DynamoDB item size, attribute names and values together (UTF-8 bytes).
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
     */
    public static final int DYNAMODB_ITEM_BYTES = 400 * 1024;
    /**
     * DynamoDB partition key value (UTF-8 bytes), tables and global secondary indexes alike.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
     */
    public static final int DYNAMODB_PARTITION_KEY_BYTES = 2048;
    /**
     * DynamoDB sort key value (UTF-8 bytes).
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
     */
    public static final int DYNAMODB_SORT_KEY_BYTES = 1024;
    /**
     * Items of one {@code TransactWriteItems} request.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-dynamodb-transactions
     */
    public static final int DYNAMODB_TRANSACTION_ITEMS = 100;
    /**
     * Size of one {@code TransactWriteItems} request (bytes).
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-dynamodb-transactions
     */
    public static final long DYNAMODB_TRANSACTION_BYTES = 4L * 1024 * 1024;
    /**
     * SNS message size, body and attributes (bytes); SQS allows more, so this bounds what flows SNS to SQS.
     * https://docs.aws.amazon.com/general/latest/gr/sns.html#limits_sns
     */
    public static final int SNS_MESSAGE_BYTES = 256 * 1024;
    /**
     * SQS message size, the body and every message attribute's name, data type and value counted in bytes: the largest
     * {@code MaximumMessageSize} a queue takes (raised from 256 KiB in 2025; a queue's default stays 262,144). The
     * template gives the DLQs this, so a dead-letter copy has room for its reason beside any message its queue took.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html and
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_MessageAttributeValue.html
     */
    public static final int SQS_MESSAGE_BYTES = 1024 * 1024;
    /**
     * Message attributes of one SQS message (and of one SNS message delivered to SQS with raw delivery).
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-message-attributes
     */
    public static final int SQS_MESSAGE_ATTRIBUTES = 10;
    /**
     * Entries of one SQS batch request ({@code SendMessageBatch}, {@code ChangeMessageVisibilityBatch}); SNS's
     * {@code PublishBatch} allows the same.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
     */
    public static final int SQS_BATCH_ENTRIES = 10;
    /**
     * SQS message delay, per message or per queue (seconds).
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
     */
    public static final int SQS_MAX_DELAY_SECONDS = 900;

    /**
     * Size of one email sent with the SES v2 API, headers and body after MIME and base64 encoding (40 MB; counted
     * here as 40,000,000 bytes, the lower reading).
     * https://docs.aws.amazon.com/ses/latest/dg/quotas.html
     */
    public static final long SES_V2_MESSAGE_BYTES = 40_000_000L;
    /**
     * Local part of an email address, before the {@code @} (octets).
     * https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1.1
     */
    public static final int EMAIL_LOCAL_PART_OCTETS = 64;
    /**
     * Domain of an email address (octets); each of its labels at most 63
     * (https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4).
     * https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1.2
     */
    public static final int EMAIL_DOMAIN_OCTETS = 255;
    /** One label of a domain name (octets). https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4 */
    public static final int DNS_LABEL_OCTETS = 63;
    /**
     * A whole email address: a path is at most 256 octets with its angle brackets, so an address at most 254, fewer
     * than local part, {@code @} and domain together (320) would allow.
     * https://www.rfc-editor.org/rfc/rfc5321#section-4.5.3.1.3
     */
    public static final int EMAIL_ADDRESS_OCTETS = 254;

    /**
     * Whether SQS accepts a code point in a message body or a String attribute value: {@code #x9 | #xA | #xD |
     * #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF}; anything else fails the whole request.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
     */
    public static boolean sqsAllows(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }
}
