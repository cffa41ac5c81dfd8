package io.eventflow.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.HandlerDecorator;
import io.eventflow.consume.ProcessingListener;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;

/**
 * Creates a function's handler as Lambda would at init, once per execution environment: the class named by the
 * template's {@code Handler}, given the template's environment variables, through its {@code (FunctionEnvironment)}
 * constructor so that the clients point at the local endpoint.
 */
public final class FunctionLoader {

    private FunctionLoader() {}

    public static RequestHandler<SQSEvent, SQSBatchResponse> load(FunctionDefinition function, AwsClients clients,
                                                                  ProcessingListener listener) {
        return load(function, clients, listener, HandlerDecorator.NONE);
    }

    /** As {@link #load(FunctionDefinition, AwsClients, ProcessingListener)}, with the handler's logic wrapped. */
    public static RequestHandler<SQSEvent, SQSBatchResponse> load(FunctionDefinition function, AwsClients clients,
                                                                  ProcessingListener listener, HandlerDecorator decorator) {
        FunctionEnvironment environment = environment(function, clients, listener, decorator);
        try {
            Object handler = Class.forName(function.handlerClass())
                    .getConstructor(FunctionEnvironment.class)
                    .newInstance(environment);
            if (!(handler instanceof RequestHandler<?, ?>)) {
                throw new IllegalStateException(function.handlerClass() + " is not a RequestHandler");
            }
            @SuppressWarnings("unchecked")
            RequestHandler<SQSEvent, SQSBatchResponse> typed = (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
            return typed;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("Function " + function.logicalId() + ": cannot load " + function.handlerClass()
                    + " with a public (FunctionEnvironment) constructor; is its module on the runner's classpath?", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Function " + function.logicalId() + " failed at init: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Function " + function.logicalId() + ": cannot create " + function.handlerClass(), e);
        }
    }

    /**
     * The environment Lambda gives the function at init: the template's variables and those Lambda sets, with the
     * given clients (signed as the function's role).
     */
    public static FunctionEnvironment environment(FunctionDefinition function, AwsClients clients, ProcessingListener listener,
                                                  HandlerDecorator decorator) {
        Map<String, String> variables = new HashMap<>(function.environment());
        variables.put(EventflowConfig.AWS_REGION, clients.region().id());
        // Set by Lambda in every execution environment; tracing names the service and resource after them.
        variables.put(EventflowConfig.AWS_LAMBDA_FUNCTION_NAME, function.functionName());
        variables.put(EventflowConfig.AWS_LAMBDA_FUNCTION_VERSION, "$LATEST");
        clients.endpoint().ifPresent(endpoint -> variables.put(EventflowConfig.AWS_ENDPOINT_URL, endpoint.toString()));
        return FunctionEnvironment.builder()
                .config(EventflowConfig.from(variables))
                .clients(clients)
                .listener(listener)
                .decorator(decorator)
                .build();
    }
}
