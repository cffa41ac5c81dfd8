package io.eventflow.local.cli;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.consume.RecordResult;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.local.FunctionInvoker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eventflow invoke}: what {@code sam local invoke <FunctionLogicalId> -e <event.json>} does, without Docker,
 * against the running local session. The {@code SQSBatchResponse} goes to stdout as JSON; the invocation's log lines
 * ({@code START}, each record's outcome, {@code END}, {@code REPORT}) to stderr, as {@code sam} prints them.
 */
@Command(name = "invoke", description = "run one function of the running session (./eventflow up) on an SQS event file, as sam local invoke does "
        + "without Docker: prints the SQSBatchResponse, and on stderr the invocation's log lines")
final class InvokeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<FunctionLogicalId>", description = "the function's logical id in template.yaml (NotifierFunction)")
    private String function;

    @Option(names = {"-e", "--event"}, paramLabel = "<event.json>", description = "a Lambda SQS event (events/invoke/*.json)")
    private String eventFile;

    InvokeCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (eventFile == null) {
            throw new ParameterException(spec.commandLine(), "invoke needs -e <event.json>");
        }
        Workspace where = context.workspace().get();
        SQSEvent event = new SqsEventTranslator().fromLambdaJson(InputFile.read(where.callerFile(eventFile)));
        try (FunctionInvoker invoker = FunctionInvoker.forSession(where.sessionFile(), where.template())) {
            FunctionInvoker.Invocation invocation = invoker.invoke(function, event);
            context.err().println("START RequestId: " + invocation.requestId() + " Version: $LATEST");
            for (RecordResult record : invocation.records()) {
                context.err().println(logLine(record));
            }
            context.err().println("END RequestId: " + invocation.requestId());
            context.err().printf("REPORT RequestId: %s\tDuration: %.2f ms%n", invocation.requestId(),
                    invocation.duration().toNanos() / 1e6);
            context.out().println(json(invocation.response()));
            return 0;
        }
    }

    private static String logLine(RecordResult record) {
        return record.outcome() + " " + record.messageId() + (record.eventType() == null ? "" : " " + record.eventType())
                + (record.eventId() == null ? "" : " " + record.eventId()) + (record.error() == null ? "" : ": " + record.error());
    }

    /** As the Lambda runtime serializes it: {@code {"batchItemFailures":[{"itemIdentifier":"..."}]}}. */
    private static String json(SQSBatchResponse response) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode failures = root.putArray("batchItemFailures");
        response.getBatchItemFailures().forEach(failure -> failures.addObject().put("itemIdentifier", failure.getItemIdentifier()));
        return root.toString();
    }
}
