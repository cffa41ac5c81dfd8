package io.eventflow.emulator;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The Lambda {@link Context} of an invocation outside Lambda: a fresh request id, and the remaining time from a
 * supplier: a deadline counting down for the local runner, a value a test controls for tests.
 */
public class LocalLambdaContext implements Context {

    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String functionName;
    private final IntSupplier remainingMillis;
    private final String requestId = UUID.randomUUID().toString();

    protected LocalLambdaContext(String functionName, IntSupplier remainingMillis) {
        this.functionName = functionName;
        this.remainingMillis = remainingMillis;
    }

    /** An invocation that started now and must end within {@code timeout}, as the function's timeout says. */
    public static LocalLambdaContext countingDown(String functionName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return new LocalLambdaContext(functionName,
                () -> (int) Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return LOGGER;
    }
}
