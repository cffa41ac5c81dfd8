package io.eventflow.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.aws.AwsClients;
import io.eventflow.consume.RecordResult;
import io.eventflow.emulator.LocalLambdaContext;
import io.eventflow.local.iam.SessionCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What {@code sam local invoke} does, without Docker: one function of the running local session, initialised as
 * Lambda would (a fresh execution environment per invocation, the template's environment, the function's own role),
 * handed one event.
 */
public final class FunctionInvoker implements AutoCloseable {

    private final SessionFile session;
    private final Path template;
    private final ProvisionedStack stack;

    private FunctionInvoker(SessionFile session, Path template, ProvisionedStack stack) {
        this.session = session;
        this.template = template;
        this.stack = stack;
    }

    /** The functions of the local session recorded in {@code sessionFile}, as {@code template} declares them. */
    public static FunctionInvoker forSession(Path sessionFile, Path template) {
        SessionFile session = SessionFile.running(sessionFile);
        try (AwsClients administrator = LocalRunner.emulatorClients(session.endpoint(), session.region(),
                StaticCredentialsProvider.create(session.administrator()))) {
            return new FunctionInvoker(session, template, StackLocator.describe(session, administrator, template));
        }
    }

    /**
     * Invokes a function with an SQS event as the Lambda Java runtime hands it over.
     *
     * @param logicalId the function's logical id in the template ({@code NotifierFunction})
     */
    public Invocation invoke(String logicalId, SQSEvent event) {
        FunctionDefinition function = stack.functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new CommandException("no function " + logicalId + " in the template; functions: "
                        + stack.functions().stream().map(FunctionDefinition::logicalId).toList()));
        List<RecordResult> records = new CopyOnWriteArrayList<>();
        try (AwsClients clients = LocalRunner.emulatorClients(session.endpoint(), session.region(),
                SessionCredentials.function(session, template, stack, logicalId))) {
            var handler = FunctionLoader.load(function, clients, records::add);
            LocalLambdaContext context = function.newInvocationContext();
            long start = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(event, context);
            return new Invocation(context.getAwsRequestId(), response, List.copyOf(records), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public void close() {
        // Each invocation's clients are closed with it.
    }

    /**
     * One invocation's result.
     *
     * @param requestId the Lambda request id it ran under
     * @param response what the handler returned
     * @param records each record's outcome, as the function's processor reported it
     * @param duration the handler's run time
     */
    public record Invocation(String requestId, SQSBatchResponse response, List<RecordResult> records, Duration duration) {}
}
