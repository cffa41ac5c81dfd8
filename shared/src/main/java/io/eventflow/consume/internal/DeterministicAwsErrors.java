package io.eventflow.consume.internal;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Which AWS errors will recur however often the request is retried: the service refused the request itself (a
 * validation error, an item or key too large), status 400 or 413. Throttling, clock skew,
 * 5xx, timeouts and transaction conflicts are transient. Credentials and permissions (401, 403) and missing
 * resources (404) are retried too: they are the deployment's fault, not the record's, and dead-lettering every record
 * while a role is being fixed would empty the queue into its DLQ.
 */
final class DeterministicAwsErrors {

    /** 400s that pass once the moment has passed (a failed condition is optimistic concurrency: it may hold next time). */
    private static final Set<String> TRANSIENT_CODES = Set.of("TransactionConflictException", "ConditionalCheckFailedException",
            "TransactionInProgressException", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError", "LimitExceededException",
            // SES refuses for the account's state (sandbox, an identity not verified yet, sending paused): fixable.
            "MessageRejected", "MailFromDomainNotVerifiedException", "AccountSuspendedException",
            "SendingPausedException");
    /** Transaction cancellation reasons that retrying cannot change. */
    private static final Set<String> DETERMINISTIC_CANCELLATIONS = Set.of("ValidationError",
            "ItemCollectionSizeLimitExceeded");

    private DeterministicAwsErrors() {}

    /** The service's message when the error, or one of its causes, is an AWS error that will recur; else null. */
    static String message(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AwsServiceException aws) {
                return deterministic(aws) ? describe(aws) : null;
            }
        }
        return null;
    }

    private static boolean deterministic(AwsServiceException aws) {
        int status = aws.statusCode();
        if ((status != 400 && status != 413) || aws.isThrottlingException() || aws.isClockSkewException()) {
            return false;
        }
        if (aws instanceof TransactionCanceledException cancelled) {
            // Cancelled for a record's own item (too large, invalid), not for a conflict or a failed condition.
            return cancelled.hasCancellationReasons() && cancelled.cancellationReasons().stream()
                    .map(CancellationReason::code)
                    .anyMatch(DETERMINISTIC_CANCELLATIONS::contains);
        }
        String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
        return code == null || !TRANSIENT_CODES.contains(code);
    }

    private static String describe(AwsServiceException aws) {
        var details = aws.awsErrorDetails();
        String service = details == null || details.serviceName() == null ? "AWS" : details.serviceName();
        String code = details == null || details.errorCode() == null ? "" : " " + details.errorCode();
        String message = details == null || details.errorMessage() == null ? aws.getMessage() : details.errorMessage();
        return service + code + " (" + aws.statusCode() + "): " + message;
    }
}
