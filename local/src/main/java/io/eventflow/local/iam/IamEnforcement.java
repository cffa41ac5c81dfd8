package io.eventflow.local.iam;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Whether an endpoint checks permissions: it must refuse a request signed with credentials nobody was given. */
public final class IamEnforcement {

    private IamEnforcement() {}

    public static boolean enforced(URI endpoint, String region) {
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEVENTFLOWNOBODY0", "none")))
                .build()) {
            sqs.listQueues();
            return false;
        } catch (AwsServiceException refused) {
            return refused.statusCode() == 403 || refused.statusCode() == 401;
        }
    }
}
