package io.eventflow.snapstart.internal;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda {@link Context} of the priming invocation: a function name and request id that say what it is, a minute
 * to run (the claims' lease and the time margin read it), and a logger that drops what it is given, since nothing the
 * priming batch logs describes real work.
 */
final class PrimingContext implements Context {

    private static final int TIME_MILLIS = 60_000;
    private static final LambdaLogger SILENT = new LambdaLogger() {
        @Override
        public void log(String message) {
            // dropped: see the class comment
        }

        @Override
        public void log(byte[] message) {
            // dropped: see the class comment
        }
    };

    private final String functionName;
    private final long deadline = System.currentTimeMillis() + TIME_MILLIS;

    PrimingContext(String functionName) {
        this.functionName = functionName;
    }

    @Override
    public String getAwsRequestId() {
        return "eventflow-priming";
    }

    @Override
    public String getLogGroupName() {
        return null;
    }

    @Override
    public String getLogStreamName() {
        return null;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return null;
    }

    @Override
    public String getInvokedFunctionArn() {
        return null;
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
        return (int) Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 0;
    }

    @Override
    public LambdaLogger getLogger() {
        return SILENT;
    }
}
