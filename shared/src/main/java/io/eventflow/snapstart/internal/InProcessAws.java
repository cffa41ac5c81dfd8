package io.eventflow.snapstart.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that answers in the process and never opens a socket, so that a priming batch goes through the
 * SDK's whole request path (endpoint rules, signing, marshalling, unmarshalling) without touching real data. It
 * answers what a consumer's happy path calls: DynamoDB reads as empty, DynamoDB writes and SQS calls without a
 * payload as done, an SES v2 email as sent. Anything else (an SQS send, whose reply the SDK checks against an MD5 of
 * the request; SNS) gets a 400, which the priming reports as a failure: the batch it runs must not need them.
 *
 * <p>It records each operation it answered, so a test can check what the priming exercised.
 */
public final class InProcessAws implements SdkHttpClient {

    private static final String DYNAMODB = "DynamoDB_20120810.";
    private static final String SQS = "AmazonSQS.";
    private static final String SES_SEND_EMAIL = "/v2/email/outbound-emails";

    private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    /** The operations answered with a success, in order ({@code DynamoDB.UpdateItem}, {@code SES.SendEmail}, ...). */
    public List<String> answered() {
        return List.copyOf(answered);
    }

    /** The requests answered with a 400, as method and path or target. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest http = request.httpRequest();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(http);
            }

            @Override
            public void abort() {
                // Nothing in flight: the answer is made in call().
            }
        };
    }

    private HttpExecuteResponse answer(SdkHttpRequest http) {
        String target = http.firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.startsWith(DYNAMODB)) {
            String operation = target.substring(DYNAMODB.length());
            return success("DynamoDB." + operation, "application/x-amz-json-1.0", switch (operation) {
                case "Query", "Scan" -> "{\"Count\":0,\"ScannedCount\":0,\"Items\":[]}";
                case "BatchGetItem" -> "{\"Responses\":{},\"UnprocessedKeys\":{}}";
                case "TransactGetItems" -> "{\"Responses\":[]}";
                default -> "{}";   // GetItem (no item), PutItem, UpdateItem, DeleteItem, TransactWriteItems
            });
        }
        if (target.startsWith(SQS) && !target.startsWith(SQS + "Send")) {
            return success("SQS." + target.substring(SQS.length()), "application/x-amz-json-1.0", "{}");
        }
        if (http.encodedPath().equals(SES_SEND_EMAIL)) {
            return success("SES.SendEmail", "application/json", "{\"MessageId\":\"eventflow-priming\"}");
        }
        String what = target.isEmpty() ? http.method() + " " + http.encodedPath() : target;
        refused.add(what);
        return response(400, "application/json",
                "{\"__type\":\"UnsupportedOperation\",\"message\":\"not answered while priming: " + what + "\"}");
    }

    private HttpExecuteResponse success(String operation, String contentType, String body) {
        answered.add(operation);
        return response(200, contentType, body);
    }

    private static HttpExecuteResponse response(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder()
                        .statusCode(status)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "eventflow-priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    @Override
    public String clientName() {
        return "InProcessAws";
    }

    @Override
    public void close() {
        // No connections to close.
    }
}
