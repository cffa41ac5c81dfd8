package io.eventflow.consume.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** One classification of AWS errors: what recurs is named with the service's message, the rest is retried. */
class DeterministicAwsErrorsTest {

    private static AwsServiceException error(int status, String code) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode(code)
                        .errorMessage(code + " happened").build()).build();
    }

    @Test
    void aValidationErrorOrAnItemTooLargeRecursAndIsNamedWithTheServicesMessage() {
        assertThat(DeterministicAwsErrors.message(error(400, "ValidationException")))
                .isEqualTo("DynamoDb ValidationException (400): ValidationException happened");
        assertThat(DeterministicAwsErrors.message(new RuntimeException("wrapped", error(413, "RequestEntityTooLarge"))))
                .contains("RequestEntityTooLarge");
    }

    @Test
    void throttlingServerErrorsConflictsFailedConditionsPermissionsAndClientErrorsAreRetried() {
        assertThat(DeterministicAwsErrors.message(error(400, "ThrottlingException"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(400, "ProvisionedThroughputExceededException"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(400, "TransactionConflictException"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(400, "ConditionalCheckFailedException"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(403, "AccessDeniedException"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(400, "MessageRejected"))).as("SES sandbox: verify and it passes").isNull();
        assertThat(DeterministicAwsErrors.message(error(500, "InternalServerError"))).isNull();
        assertThat(DeterministicAwsErrors.message(error(503, "ServiceUnavailable"))).isNull();
        assertThat(DeterministicAwsErrors.message(SdkClientException.create("connect timed out"))).isNull();
        assertThat(DeterministicAwsErrors.message(new IllegalStateException("a bug"))).isNull();
    }

    @Test
    void aCancelledTransactionRecursOnlyWhenAnItemOfItsOwnIsInvalid() {
        TransactionCanceledException invalid = TransactionCanceledException.builder().statusCode(400)
                .cancellationReasons(CancellationReason.builder().code("None").build(),
                        CancellationReason.builder().code("ValidationError").message("Item size has exceeded").build())
                .build();
        TransactionCanceledException conflict = TransactionCanceledException.builder().statusCode(400)
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build()).build();

        assertThat(DeterministicAwsErrors.message(invalid)).isNotNull();
        assertThat(DeterministicAwsErrors.message(conflict)).isNull();
    }
}
