package io.eventflow.local.cli;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.local.CommandException;
import io.eventflow.local.Demo;
import io.eventflow.local.ExampleTimes;
import io.eventflow.local.LocalRunner;
import io.eventflow.local.SessionFile;
import io.eventflow.local.StackLocator;
import io.eventflow.local.iam.CliPrincipal;
import io.eventflow.local.traces.LocalTracing;
import io.eventflow.telemetry.Telemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code eventflow publish}: one CloudEvent to the running session's topic. */
@Command(name = "publish", description = "publish a CloudEvent file as written, or the example event of a type (events/examples/<type>.json, or "
        + "<type>.v<N> for another version's, with a fresh id, moved by whole days as the demo moves the examples: the latest on today), "
        + "to the running session's topic")
final class PublishCommand implements Callable<Integer> {

    private static final Pattern VERSIONED = Pattern.compile("\\.v\\d+$");

    private final CommandContext context;

    @Parameters(paramLabel = "<file.json | type>", description = "a CloudEvent file, or an event type with an example")
    private String event;

    PublishCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Workspace where = context.workspace().get();
        Event toPublish = eventToPublish(where);
        URI otlp = SessionFile.running(where.sessionFile()).otlpEndpoint();
        try (StackLocator.LocatedStack stack = StackLocator.local(where.sessionFile(), where.template(), CliPrincipal.PRODUCER);
             Telemetry telemetry = otlp == null ? Telemetry.noop() : LocalTracing.publisherTelemetry(otlp)) {
            String messageId = LocalRunner.publisher(stack.clients(), stack.topicArn(), telemetry).publish(toPublish);
            telemetry.flush();
            context.out().println("published " + toPublish.type() + " " + toPublish.id() + " to " + stack.topicArn()
                    + " (SNS message " + messageId + ")");
        }
        return 0;
    }

    /**
     * A file (as given, relative to where the command was run) or the example of a type, with a fresh id, at the time
     * the demo would publish it today: the example files' own dates grow too old for the consumers' time window.
     */
    private Event eventToPublish(Workspace where) {
        Path file = where.callerFile(event);
        EventCodec codec = new EventCodec();
        if (event.endsWith(".json") || Files.isRegularFile(file)) {
            return codec.decode(InputFile.read(file));
        }
        Path examples = where.root().resolve("events/examples");
        Path example = examples.resolve(event + ".json");
        if (!Files.isRegularFile(example)) {
            List<String> names = exampleNames(examples);
            throw new CommandException("'" + event + "' is neither a file nor an event type with an example; types: "
                    + String.join(", ", names.stream().filter(name -> !VERSIONED.matcher(name).find()).toList())
                    + "; examples of other versions: "
                    + String.join(", ", names.stream().filter(name -> VERSIONED.matcher(name).find()).toList()));
        }
        ExampleTimes today = ExampleTimes.latestOnToday(Demo.examples(examples), Clock.systemUTC());
        return today.shift(codec.decode(InputFile.read(example))).toBuilder().id(null).build();
    }

    /** Each example's name: {@code <type>}, or {@code <type>.v<N>} for one of a later version. */
    private static List<String> exampleNames(Path examples) {
        try (Stream<Path> files = Files.list(examples)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
