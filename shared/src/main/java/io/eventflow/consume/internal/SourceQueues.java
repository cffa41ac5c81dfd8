package io.eventflow.consume.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Looks up, once per execution environment, each source queue's redrive policy (dead-letter queue, max receive count):
 * one {@code sqs:GetQueueAttributes} on the function's own queue. Only failures need it, so the happy path never pays
 * for the lookup. Queue URLs are derived from the ARNs (the record's {@code eventSourceARN}, the policy's
 * {@code deadLetterTargetArn}) without a call, so the function's role needs no {@code sqs:GetQueueUrl}.
 */
public final class SourceQueues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final Map<String, SourceQueue> byArn = new ConcurrentHashMap<>();

    public SourceQueues(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** The queue behind an SQS ARN ({@code arn:aws:sqs:<region>:<account>:<name>}). */
    public SourceQueue of(String arn) {
        return byArn.computeIfAbsent(arn, this::lookUp);
    }

    private SourceQueue lookUp(String arn) {
        String url = urlOf(arn);
        String redrive = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        if (redrive == null || redrive.isBlank()) {
            return new SourceQueue(arn, url, null, 0);
        }
        try {
            JsonNode policy = JSON.readTree(redrive);
            return new SourceQueue(arn, url, urlOf(policy.path("deadLetterTargetArn").asText()), policy.path("maxReceiveCount").asInt());
        } catch (IOException e) {
            throw new IllegalStateException("Queue " + arn + " has an unreadable RedrivePolicy: " + redrive, e);
        }
    }

    /**
     * {@code https://sqs.<region>.<domain>/<account>/<name>}, as SQS names its queues; behind an endpoint override
     * (an emulator) {@code <endpoint>/<account>/<name>}. SQS takes the queue from the URL's path either way.
     */
    private String urlOf(String arn) {
        String[] parts = arn.split(":");
        if (parts.length != 6 || !"sqs".equals(parts[2])) {
            throw new IllegalArgumentException("Not an SQS queue ARN: " + arn);
        }
        String path = "/" + parts[4] + "/" + parts[5];
        return sqs.serviceClientConfiguration().endpointOverride()
                .map(endpoint -> endpoint.toString().replaceAll("/+$", "") + path)
                .orElseGet(() -> "https://sqs." + parts[3] + "." + domain(parts[1]) + path);
    }

    private static String domain(String partition) {
        return partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
