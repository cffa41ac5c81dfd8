package io.eventflow.local;

import io.eventflow.aws.AwsClients;
import io.eventflow.local.iam.CliPrincipal;
import io.eventflow.local.iam.SessionCredentials;
import io.eventflow.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Finds the stack an operations command acts on, and in it each consumer's queues, by the template's output names:
 * {@code <Consumer>QueueUrl} and {@code <Consumer>DeadLetterQueueUrl}. A deployed stack's outputs come from
 * CloudFormation ({@code DescribeStacks}); the local session's are the same outputs resolved from {@code template.yaml}
 * against the session's endpoint ({@link StackProvisioner#describe}), so both are read one way.
 */
public final class StackLocator {

    /** Output holding the events topic's ARN. */
    public static final String TOPIC_OUTPUT = "EventsTopicArn";

    private static final Pattern QUEUE_OUTPUT = Pattern.compile("([A-Z][A-Za-z0-9]*)QueueUrl");
    private static final String DEAD_LETTER = "DeadLetter";

    private StackLocator() {}

    /**
     * The stack of the running local session ({@code ./eventflow up}) recorded in a session file, found by the
     * session's administrator; the stack's clients act as {@code principal}, with that role's permissions only.
     */
    public static LocatedStack local(Path sessionFile, Path template, CliPrincipal principal) {
        SessionFile session = SessionFile.running(sessionFile);
        AwsClients administrator = LocalRunner.emulatorClients(session.endpoint(), session.region(),
                StaticCredentialsProvider.create(session.administrator()));
        ProvisionedStack stack;
        try {
            stack = describe(session, administrator, template);
        } finally {
            administrator.close();
        }
        AwsClients clients = LocalRunner.emulatorClients(session.endpoint(), session.region(), SessionCredentials.cli(session, principal));
        return new LocatedStack(session.stack(), "local session at " + session.endpoint(), clients, stack.outputs());
    }

    /** The session's stack as the template declares it, looked up through its clients, which are closed on failure. */
    static ProvisionedStack describe(SessionFile session, AwsClients clients, Path template) {
        try {
            return new StackProvisioner(clients.sns(), clients.sqs(), clients.dynamoDb(), session.region())
                    .describe(SamTemplate.read(template), session.stack(), Map.of());
        } catch (IllegalStateException | SdkClientException e) {
            clients.close();
            throw new CommandException("The local session at " + session.endpoint() + " does not answer as expected ("
                    + e.getMessage() + "); restart ./eventflow up", e);
        }
    }

    /** A deployed stack, in the region and with the credentials of the usual AWS environment variables or profile. */
    public static LocatedStack deployed(String stackName) {
        Region region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new CommandException("No AWS region for --stack " + stackName + ": set AWS_REGION or a region in your AWS profile", e);
        }
        return deployed(stackName, AwsClients.builder().region(region).build());
    }

    /** A deployed stack, read through these clients (which it then owns). */
    static LocatedStack deployed(String stackName, AwsClients clients) {
        try (CloudFormationClient cloudFormation = clients.configure(CloudFormationClient.builder())) {
            Stack stack = cloudFormation.describeStacks(request -> request.stackName(stackName)).stacks().getFirst();
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
            return new LocatedStack(stackName, "AWS stack in " + clients.region(), clients, outputs);
        } catch (CloudFormationException e) {
            clients.close();
            throw new CommandException("Cannot describe the stack " + stackName + " in " + clients.region() + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /**
     * Each consumer's queues from stack outputs: an output {@code <Consumer>QueueUrl} with a matching
     * {@code <Consumer>DeadLetterQueueUrl} names consumer {@code <consumer>} (camel case to kebab case:
     * {@code OrderAudit} is {@code order-audit}). A queue without a dead-letter queue output is not a consumer here.
     */
    public static Map<String, ConsumerQueues> consumers(Map<String, String> outputs) {
        Map<String, ConsumerQueues> consumers = new LinkedHashMap<>();
        outputs.forEach((key, value) -> {
            Matcher matcher = QUEUE_OUTPUT.matcher(key);
            if (!matcher.matches() || matcher.group(1).endsWith(DEAD_LETTER)) {
                return;
            }
            String prefix = matcher.group(1);
            String deadLetterQueue = outputs.get(prefix + DEAD_LETTER + "QueueUrl");
            if (deadLetterQueue != null) {
                String consumer = kebabCase(prefix);
                consumers.put(consumer, new ConsumerQueues(consumer, value, deadLetterQueue));
            }
        });
        return consumers;
    }

    private static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * A stack the commands act on.
     *
     * @param name the stack name
     * @param where where it runs, for people
     * @param clients clients pointed at it; closed with this
     * @param outputs its outputs by name
     */
    public record LocatedStack(String name, String where, AwsClients clients, Map<String, String> outputs)
            implements AutoCloseable {

        public LocatedStack {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }

        /** Every consumer with a queue and a dead-letter queue, in output order. */
        public Map<String, ConsumerQueues> consumers() {
            return StackLocator.consumers(outputs);
        }

        /** One consumer's queues; the error names the ones there are. */
        public ConsumerQueues consumer(String name) {
            ConsumerQueues queues = consumers().get(name);
            if (queues == null) {
                throw new CommandException("No consumer '" + name + "' in stack " + this.name + "; its consumers: "
                        + String.join(", ", consumers().keySet()));
            }
            return queues;
        }

        /** The events topic's ARN. */
        public String topicArn() {
            String arn = outputs.get(TOPIC_OUTPUT);
            if (arn == null) {
                throw new CommandException("Stack " + name + " has no output " + TOPIC_OUTPUT);
            }
            return arn;
        }

        @Override
        public void close() {
            clients.close();
        }
    }
}
