package io.eventflow.local.iam;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every request a principal was refused (HTTP 403), whatever the code that made it did with the error, so the
 * run that caused one can fail with what was missing instead of passing on a handler's fallback.
 */
public final class AccessDenials implements ExecutionInterceptor {

    private final String principal;
    private final List<String> denials;

    private AccessDenials(String principal, List<String> denials) {
        this.principal = principal;
        this.denials = denials;
    }

    /** A new, empty record. */
    public AccessDenials() {
        this("", new CopyOnWriteArrayList<>());
    }

    /** An interceptor adding to this record, naming the principal its requests are signed as. */
    public AccessDenials of(String principalName) {
        return new AccessDenials(principalName, denials);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof AwsServiceException refused && refused.statusCode() == 403) {
            denials.add(principal + ": " + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + " refused: "
                    + Objects.requireNonNullElse(refused.awsErrorDetails().errorMessage(), "HTTP 403"));
        }
    }

    /** Every refusal so far, oldest first: {@code <principal>: <Service>.<Operation> refused: <message>}. */
    public List<String> all() {
        return List.copyOf(denials);
    }
}
