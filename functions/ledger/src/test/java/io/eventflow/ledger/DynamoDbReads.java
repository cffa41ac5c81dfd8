package io.eventflow.ledger;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Counts the DynamoDB requests a client sends (each HTTP attempt) and the items its reads return. */
final class DynamoDbReads implements ExecutionInterceptor {

    private final LongAdder requests = new LongAdder();
    private final LongAdder items = new LongAdder();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if ("DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            requests.increment();
        }
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        switch (context.response()) {
            case QueryResponse query -> items.add(query.count());
            case ScanResponse scan -> items.add(scan.count());
            case GetItemResponse get -> items.add(get.hasItem() && !get.item().isEmpty() ? 1 : 0);
            default -> { }
        }
    }

    /**
     * Requests and items read.
     *
     * @param requests DynamoDB requests sent
     * @param items items returned by GetItem, Query and Scan
     */
    record Count(long requests, long items) {}

    Count count() {
        return new Count(requests.sum(), items.sum());
    }

    /** The requests and items of running {@code action}. */
    Count during(Runnable action) {
        Count before = count();
        action.run();
        Count after = count();
        return new Count(after.requests() - before.requests(), after.items() - before.items());
    }
}
