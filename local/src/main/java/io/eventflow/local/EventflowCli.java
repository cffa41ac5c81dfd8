package io.eventflow.local;

import io.eventflow.archive.ArchiveQuery;
import io.eventflow.config.EventflowConfig;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.InvalidEventException;
import io.eventflow.event.MalformedEventException;
import io.eventflow.ledger.LedgerReader;
import io.eventflow.ledger.LedgerRebuilder;
import io.eventflow.local.bench.ColdStartBenchmark;
import io.eventflow.local.bench.ColdStartReport;
import io.eventflow.local.iam.CliPrincipal;
import io.eventflow.local.traces.LocalTracing;
import io.eventflow.local.traces.ZipkinException;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.replay.ReplayState;
import io.eventflow.telemetry.Telemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code ./eventflow}: the local command. */
public final class EventflowCli {

    private static final String USAGE = """
            usage: eventflow <command> [options]

            commands:
              demo [--json] [--traces]
                              start an emulator, create the stack from template.yaml, run every function's
                              SQS event source in-process, publish each example event twice, wait for the
                              queues to drain and print what each consumer did (--json: one JSON object).
                              --traces: the functions export OTLP to the runner, which forwards to a Zipkin
                              server; the report links each event's traces (on a terminal, Zipkin stays up
                              until Enter)
              up [--traces]   start an emulator, create the stack from template.yaml and run every function's
                              SQS event source until Ctrl-C; the session is recorded in .eventflow/session.json.
                              --traces: also a Zipkin server and the OTLP receiver in front of it
              publish <file.json | type>
                              publish a CloudEvent file, or the example event of a type
                              (events/examples/<type>.json, with a fresh id), to the running session's topic
              dlq list [--json]
                              per consumer: messages in its dead-letter queue, the oldest one's age, and the
                              reasons (dlq-reason; "redrive" where SQS moved it after maxReceiveCount receives)
              dlq show <consumer> [--limit N] [--json]
                              up to N dead-lettered messages (default 10), oldest first, without consuming
                              them
              dlq redrive <consumer> [--max N] [--rate R] [--json]
                              move dead-lettered messages back to the consumer's queue: at most N, at most R
                              a second

              ledger balance <account> [--at TIME] [--json]
                              an account's balance now (from its projection) or as of an RFC 3339 time (the
                              fold of its events up to then)
              ledger history <account> [--json]
                              the account's events in the order of their own times
              ledger rebuild [--json]
                              rebuild every account's projection from its events and report where it differed
                              (exit 1 if a projection moved during the rebuild and was left alone)
              ledger rebuild --from-archive [--since DAY] [--json]
                              empty the accounts and book them again from the archive (a reprocess replay of
                              the account event types since DAY, default the earliest booked event), then
                              report every account whose balance or event count changed; run it while no
                              account events are published
              replay --target CONSUMER --type T[,T...] --from TIME [--to TIME] [--subject S]
                     [--mode recover|reprocess] [--rate N] [--dry-run] [--detach] [--json]
                              send the archived events of those types (order.* for all order types) with
                              from <= time < to (a UTC day like 2026-02-02, or RFC 3339) to a consumer's
                              queue, in time order, through the stack's replayer. recover (default) skips
                              events the consumer already processed; reprocess runs every one again (the
                              notifier sends no email again). --dry-run counts and samples, sends nothing
              replay status|resume|cancel <id> [--json]
                              a replay's state and counts; hand a stopped or failed one to the replayer
                              again (it goes on from its cursor); stop one for good
              bench [--runs N] [--json]
                              cold-start benchmark: a fresh JVM per run, from start to the notifier's first
                              batch processed, untraced, with eventflow's tracing and with the OpenTelemetry
                              Java agent, interleaved; medians of N runs each (default 7) and their ratios
              soak [--events N] [--seed S] [--no-batch-transactions] [--json]
                              chaos soak: N events (default 10,000) of every type, 20% published twice, 10% of
                              first attempts failing, 1% poison, crashes between claim and completion; exits 0
                              only when nothing is lost, nothing applied twice and all poison is dead-lettered

            dlq, ledger and replay options:
              --stack NAME    act on a deployed stack (names from its CloudFormation outputs; region and
                              credentials from the usual AWS variables or profile), not the local session

            environment:
              EVENTFLOW_AWS_ENDPOINT   use this AWS-protocol endpoint instead of starting one
            """;

    private EventflowCli() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Workspace::locate);
    }

    /** @param workspace the project root and session file, looked up only by commands that need them */
    static int run(List<String> args, PrintStream out, PrintStream err, Supplier<Workspace> workspace) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> options = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "demo" -> demo(options, out, err);
                case "up" -> up(options, out, err, workspace);
                case "publish" -> publish(options, out, workspace);
                case "dlq" -> dlq(options, out, err, workspace);
                case "soak" -> soak(options, out);
                case "ledger" -> ledger(options, out, workspace);
                case "replay" -> replay(options, out, err, workspace);
                case "bench" -> bench(options, out);
                default -> throw new UsageException("unknown command '" + args.getFirst() + "'");
            };
        } catch (UsageException e) {
            err.println(e.getMessage() + "\n");
            err.print(USAGE);
            return 2;
        } catch (CommandException | MalformedEventException | InvalidEventException | ZipkinException e) {
            err.println("eventflow: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            err.println("eventflow: an AWS request failed: " + e.getMessage());
            return 1;
        }
    }

    private static int demo(List<String> options, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(options, 0, Set.of(), Set.of("--json", "--traces"));
        boolean json = arguments.has("--json");
        AwsEmulators.ProjectLayout layout = AwsEmulators.ProjectLayout.locate();
        try (LocalTracing tracing = arguments.has("--traces") ? LocalTracing.start(layout.root()) : null;
             AwsEmulator emulator = AwsEmulators.start()) {
            DemoReport report = new Demo(emulator, layout.root(), tracing).run();
            out.println(json ? report.toJson() : report.toText());
            out.flush();
            if (tracing != null && !json && ProgressBar.onTerminal()) {
                // The links are only worth printing if Zipkin is still there to open them.
                err.println("Zipkin keeps these traces at " + tracing.zipkin().uiUrl() + " until you press Enter.");
                awaitEnter();
            }
            return report.drained() ? 0 : 1;
        }
    }

    private static int bench(List<String> options, PrintStream out) {
        Arguments arguments = Arguments.parse(options, 0, Set.of("--runs"), Set.of("--json"));
        int runs = (int) arguments.positiveLong("--runs").orElse(7);
        AwsEmulators.ProjectLayout layout = AwsEmulators.ProjectLayout.locate();
        try (AwsEmulator emulator = AwsEmulators.start()) {
            ColdStartReport report = new ColdStartBenchmark(emulator, layout.root().resolve("template.yaml"),
                    layout.root().resolve("local/target/bench/opentelemetry-javaagent.jar"), runs).run();
            out.println(arguments.has("--json") ? report.toJson() : report.toText());
            return 0;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted", e);
        }
    }

    private static void awaitEnter() {
        try {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // no input to wait on: stop now
        }
    }

    private static int soak(List<String> options, PrintStream out) {
        Arguments arguments = Arguments.parse(options, 0, Set.of("--events", "--seed"), Set.of("--json", "--no-batch-transactions"));
        int events = (int) arguments.positiveLong("--events").orElse(10_000);
        long seed = arguments.positiveLong("--seed").orElse(20261126L);
        AwsEmulators.ProjectLayout layout = AwsEmulators.ProjectLayout.locate();
        try (AwsEmulator emulator = AwsEmulators.start()) {
            SoakPlan plan = SoakPlan.standard(events, seed).withBatchTransactions(!arguments.has("--no-batch-transactions"));
            SoakReport report = new Soak(emulator, layout.root(), plan).run();
            out.println(arguments.has("--json") ? report.toJson() : report.toText());
            return report.passed() ? 0 : 1;
        }
    }

    private static int up(List<String> options, PrintStream out, PrintStream err, Supplier<Workspace> workspace) {
        Arguments arguments = Arguments.parse(options, 0, Set.of(), Set.of("--traces"));
        Workspace where = workspace.get();
        LocalTracing tracing = arguments.has("--traces") ? LocalTracing.start(where.root()) : null;
        AwsEmulator emulator;
        LocalSession session;
        try {
            emulator = AwsEmulators.start();
            try {
                session = LocalSession.start(emulator, where.root(), where.sessionFile(), LocalSession.STACK_NAME,
                        tracing == null ? Map.of() : tracing.exporterEnvironment());
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (tracing != null) {
                tracing.close();
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                session.close();
            } finally {
                emulator.close();
                if (tracing != null) {
                    tracing.close();
                }
                err.println("eventflow up: stopped; " + where.sessionFile() + " removed");
            }
        }, "eventflow-up-shutdown"));
        out.print(session.summary());
        if (tracing != null) {
            out.print("Traces: the functions export OTLP to the runner, which forwards them to Zipkin:\n" + tracing.summary());
        }
        out.flush();
        try {
            // Until Ctrl-C or SIGTERM: the JVM then runs the hook above, which stops everything.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int publish(List<String> options, PrintStream out, Supplier<Workspace> workspace) {
        Arguments arguments = Arguments.parse(options, 1, Set.of(), Set.of());
        Workspace where = workspace.get();
        Event event = eventToPublish(arguments.positional().getFirst(), where);
        URI otlp = SessionFile.running(where.sessionFile()).otlpEndpoint();
        try (StackLocator.LocatedStack stack = local(where, CliPrincipal.PRODUCER);
             Telemetry telemetry = otlp == null ? Telemetry.noop() : LocalTracing.publisherTelemetry(otlp)) {
            String messageId = LocalRunner.publisher(stack.clients(), stack.topicArn(), telemetry).publish(event);
            telemetry.flush();
            out.println("published " + event.type() + " " + event.id() + " to " + stack.topicArn() + " (SNS message " + messageId + ")");
        }
        return 0;
    }

    /** A file (as given, relative to where the command was run) or the example of a type, with a fresh id. */
    private static Event eventToPublish(String argument, Workspace where) {
        Path file = where.callerDirectory().resolve(argument);
        if (argument.endsWith(".json") || Files.isRegularFile(file)) {
            return readEvent(file);
        }
        Path examples = where.root().resolve("events/examples");
        Path example = examples.resolve(argument + ".json");
        if (!Files.isRegularFile(example)) {
            throw new CommandException("'" + argument + "' is neither a file nor an event type with an example; types: "
                    + String.join(", ", exampleTypes(examples)));
        }
        return readEvent(example).toBuilder().id(null).build();
    }

    private static Event readEvent(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandException("No such file: " + file);
        }
        try {
            return new EventCodec().decode(Files.readString(file));
        } catch (IOException e) {
            throw new CommandException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> exampleTypes(Path examples) {
        try (Stream<Path> files = Files.list(examples)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int dlq(List<String> options, PrintStream out, PrintStream err, Supplier<Workspace> workspace) {
        if (options.isEmpty()) {
            throw new UsageException("dlq needs a subcommand: list, show or redrive");
        }
        String subcommand = options.getFirst();
        List<String> rest = options.subList(1, options.size());
        Arguments arguments = switch (subcommand) {
            case "list" -> Arguments.parse(rest, 0, Set.of("--stack"), Set.of("--json"));
            case "show" -> Arguments.parse(rest, 1, Set.of("--stack", "--limit"), Set.of("--json"));
            case "redrive" -> Arguments.parse(rest, 1, Set.of("--stack", "--max", "--rate"), Set.of("--json"));
            default -> throw new UsageException("unknown dlq subcommand '" + subcommand + "': list, show or redrive");
        };
        boolean json = arguments.has("--json");
        OptionalLong limit = arguments.positiveLong("--limit");
        OptionalLong max = arguments.positiveLong("--max");
        OptionalDouble rate = arguments.positiveDouble("--rate");
        try (StackLocator.LocatedStack stack = arguments.value("--stack") != null
                ? StackLocator.deployed(arguments.value("--stack"))
                : local(workspace.get(), CliPrincipal.OPERATOR)) {
            DeadLetterInspector inspector = new DeadLetterInspector(stack.clients().sqs());
            switch (subcommand) {
                case "list" -> {
                    List<DeadLetterSummary> summaries = stack.consumers().values().stream().map(inspector::summarize).toList();
                    out.print(json ? DeadLetterReports.listJson(stack, summaries, Instant.now()) + "\n"
                            : DeadLetterReports.listText(stack, summaries, Instant.now()));
                    return 0;
                }
                case "show" -> {
                    ConsumerQueues queues = stack.consumer(arguments.positional().getFirst());
                    long count = inspector.count(queues.deadLetterQueueUrl());
                    List<DeadLetterMessage> messages = inspector.peek(queues.deadLetterQueueUrl(), (int) Math.min(limit.orElse(10), Integer.MAX_VALUE));
                    out.print(json ? DeadLetterReports.showJson(queues, count, messages) + "\n"
                            : DeadLetterReports.showText(queues, count, messages));
                    return 0;
                }
                default -> {
                    ConsumerQueues queues = stack.consumer(arguments.positional().getFirst());
                    ProgressBar bar = new ProgressBar(err, ProgressBar.onTerminal(), "moved");
                    DeadLetterRedriver.Result result = new DeadLetterRedriver(stack.clients().sqs()).redrive(queues, max, rate, bar);
                    bar.finish();
                    out.print(json ? DeadLetterReports.redriveJson(result) + "\n" : DeadLetterReports.redriveText(result));
                    return result.complete() ? 0 : 1;
                }
            }
        }
    }

    /** The stack's ledger snapshot interval (its output), so that a rebuild takes the snapshots the ledger takes. */
    private static int snapshotInterval(StackLocator.LocatedStack stack) {
        String interval = stack.outputs().get("LedgerSnapshotInterval");
        return EventflowConfig.from(interval == null ? Map.of() : Map.of(EventflowConfig.LEDGER_SNAPSHOT_INTERVAL, interval))
                .ledgerSnapshotInterval();
    }

    private static int ledger(List<String> options, PrintStream out, Supplier<Workspace> workspace) {
        if (options.isEmpty()) {
            throw new UsageException("ledger needs a subcommand: balance, history or rebuild");
        }
        String subcommand = options.getFirst();
        Arguments arguments = switch (subcommand) {
            case "balance" -> Arguments.parse(options.subList(1, options.size()), 1, Set.of("--stack", "--at"), Set.of("--json"));
            case "history" -> Arguments.parse(options.subList(1, options.size()), 1, Set.of("--stack"), Set.of("--json"));
            case "rebuild" -> Arguments.parse(options.subList(1, options.size()), 0, Set.of("--stack", "--since"), Set.of("--json", "--from-archive"));
            default -> throw new UsageException("unknown ledger subcommand '" + subcommand + "': balance, history or rebuild");
        };
        String account = arguments.positional().isEmpty() ? null : arguments.positional().getFirst();
        Instant at = parseTime(arguments.value("--at"));
        try (StackLocator.LocatedStack stack = arguments.value("--stack") != null
                ? StackLocator.deployed(arguments.value("--stack"))
                : local(workspace.get(), CliPrincipal.OPERATOR)) {
            String table = stack.outputs().get("LedgerTableName");
            if (table == null) {
                throw new CommandException("stack " + stack.name() + " has no LedgerTableName output: is the ledger deployed?");
            }
            if (subcommand.equals("rebuild") && arguments.has("--from-archive")) {
                Instant since = arguments.value("--since") == null ? null : parseDayOrTime("--since", arguments.value("--since"));
                ProgressBar bar = new ProgressBar(System.err, ProgressBar.onTerminal(), "account events replayed");
                LedgerArchiveRebuild.Report report;
                try {
                    report = new LedgerArchiveRebuild(stack, new ReplaySubmitter(stack), table).run(since, handled -> bar.update(handled, -1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommandException("interrupted; see eventflow replay status for the rebuild's replay", e);
                }
                bar.finish();
                out.print(LedgerReports.archiveRebuild(report, arguments.has("--json")));
                return 0;
            }
            if (subcommand.equals("rebuild")) {
                LedgerRebuilder.Report report = new LedgerRebuilder(stack.clients().dynamoDb(), table, snapshotInterval(stack)).rebuild();
                out.print(LedgerReports.rebuild(report, arguments.has("--json")));
                return report.differences().stream().allMatch(LedgerRebuilder.Difference::written) ? 0 : 1;
            }
            LedgerReader reader = new LedgerReader(stack.clients().dynamoDb(), table);
            if (subcommand.equals("history")) {
                out.print(LedgerReports.history(account, reader.history(account), arguments.has("--json")));
                return 0;
            }
            Optional<LedgerReader.Balance> balance = at == null ? reader.balance(account) : reader.balanceAt(account, at);
            out.print(LedgerReports.balance(account, at, balance, arguments.has("--json")));
            return balance.isPresent() ? 0 : 1;
        }
    }

    private static int replay(List<String> options, PrintStream out, PrintStream err, Supplier<Workspace> workspace) {
        String subcommand = options.isEmpty() ? "" : options.getFirst();
        boolean onJob = Set.of("status", "resume", "cancel").contains(subcommand);
        Arguments arguments = onJob
                ? Arguments.parse(options.subList(1, options.size()), 1, Set.of("--stack"), Set.of("--json", "--detach"))
                : Arguments.parse(options, 0, Set.of("--stack", "--target", "--type", "--from", "--to", "--subject", "--mode", "--rate"),
                        Set.of("--json", "--dry-run", "--detach"));
        boolean json = arguments.has("--json");
        try (StackLocator.LocatedStack stack = arguments.value("--stack") != null
                ? StackLocator.deployed(arguments.value("--stack"))
                : local(workspace.get(), CliPrincipal.OPERATOR)) {
            ReplaySubmitter replays = new ReplaySubmitter(stack);
            if (onJob) {
                String id = arguments.positional().getFirst();
                return switch (subcommand) {
                    case "status" -> {
                        ReplayJob job = replays.replayer().status(id).orElseThrow(() -> new CommandException("there is no replay job " + id));
                        out.print(ReplayReports.job(job, json));
                        yield 0;
                    }
                    case "cancel" -> {
                        try {
                            out.print(ReplayReports.job(replays.replayer().cancel(id), json));
                        } catch (IllegalArgumentException e) {
                            throw new CommandException(e.getMessage(), e);
                        }
                        yield 0;
                    }
                    default -> {
                        ReplayJob job = replays.replayer().status(id).orElseThrow(() -> new CommandException("there is no replay job " + id));
                        if (!job.state().resumable()) {
                            throw new CommandException("replay " + id + " is " + job.state() + "; only a STARTING, RUNNING or FAILED replay resumes");
                        }
                        replays.submit(id);
                        yield followed(replays, job, arguments, out, err);
                    }
                };
            }
            ReplaySpec spec = replaySpec(arguments, replays);
            if (arguments.has("--dry-run")) {
                out.print(ReplayReports.dryRun(spec.target(), replays.replayer().dryRun(spec, 5), json));
                return 0;
            }
            ReplayJob job = replays.replayer().start(spec);
            replays.submit(job.id());
            if (!json) {
                out.println("replay " + job.id() + " submitted; follow it with: eventflow replay status " + job.id());
            }
            return followed(replays, job, arguments, out, err);
        }
    }

    private static ReplaySpec replaySpec(Arguments arguments, ReplaySubmitter replays) {
        String target = required(arguments, "--target");
        ArchiveQuery window;
        try {
            window = ArchiveQuery.builder()
                    .types(ReplaySubmitter.types(required(arguments, "--type"), EventTypeRegistry.fromClasspath()))
                    .from(parseDayOrTime("--from", required(arguments, "--from")))
                    .to(arguments.value("--to") == null ? Instant.now() : parseDayOrTime("--to", arguments.value("--to")))
                    .subject(arguments.value("--subject"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ReplaySpec.Builder spec = ReplaySpec.builder().target(target, replays.targetQueue(target)).window(window);
        if (arguments.value("--mode") != null) {
            try {
                spec.mode(ReplayMode.fromCode(arguments.value("--mode")));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        arguments.positiveDouble("--rate").ifPresent(spec::rate);
        return spec.build();
    }

    /** Follows a submitted job with a progress bar unless {@code --detach}; exit 0 when it completed. */
    private static int followed(ReplaySubmitter replays, ReplayJob submitted, Arguments arguments, PrintStream out, PrintStream err) {
        boolean json = arguments.has("--json");
        if (arguments.has("--detach")) {
            out.print(ReplayReports.job(submitted, json));
            return 0;
        }
        long total = replays.count(submitted.spec().window());
        ProgressBar bar = new ProgressBar(err, ProgressBar.onTerminal(), "replayed to " + submitted.spec().target());
        ReplayJob job;
        try {
            job = replays.follow(submitted.id(), handled -> bar.update(handled, total));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("stopped following " + submitted.id() + "; it goes on: eventflow replay status " + submitted.id(), e);
        }
        bar.finish();
        out.print(ReplayReports.job(job, json));
        return job.state() == ReplayState.COMPLETED ? 0 : 1;
    }

    private static String required(Arguments arguments, String name) {
        String value = arguments.value(name);
        if (value == null) {
            throw new UsageException("replay needs " + name);
        }
        return value;
    }

    /** A UTC day ({@code 2026-02-02}, its midnight) or an RFC 3339 time. */
    private static Instant parseDayOrTime(String option, String text) {
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException(option + " takes a UTC day (2026-02-02) or an RFC 3339 time (2026-02-02T12:00:00Z), not '" + text + "'");
            }
        }
    }

    private static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--at takes an RFC 3339 time such as 2026-02-02T12:00:00Z, not '" + text + "'");
        }
    }

    private static StackLocator.LocatedStack local(Workspace where, CliPrincipal principal) {
        return StackLocator.local(where.sessionFile(), where.template(), principal);
    }

    /**
     * Where the command runs.
     *
     * @param root the project root (template.yaml, events/)
     * @param sessionFile the local session's record
     * @param callerDirectory the directory the command was started from, for relative file arguments
     */
    record Workspace(Path root, Path sessionFile, Path callerDirectory) {

        /** The project around this process; {@code ./eventflow} passes the caller's directory as {@code eventflow.cwd}. */
        static Workspace locate() {
            Path root = AwsEmulators.ProjectLayout.locate().root();
            return new Workspace(root, SessionFile.defaultLocation(root),
                    Path.of(System.getProperty("eventflow.cwd", "")).toAbsolutePath());
        }

        Path template() {
            return root.resolve("template.yaml");
        }
    }

    /** A mistake in the command line: printed with the usage, exit status 2. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** A command's options ({@code --name value}, {@code --flag}) and positional arguments. */
    private record Arguments(List<String> positional, Map<String, String> values, Set<String> flags) {

        static Arguments parse(List<String> args, int positionalCount, Set<String> valued, Set<String> flagNames) {
            List<String> positional = new ArrayList<>();
            Map<String, String> values = new HashMap<>();
            Set<String> flags = new HashSet<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (valued.contains(arg)) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(arg + " needs a value");
                    }
                    values.put(arg, args.get(++i));
                } else if (flagNames.contains(arg)) {
                    flags.add(arg);
                } else if (arg.startsWith("--")) {
                    throw new UsageException("unknown option " + arg);
                } else {
                    positional.add(arg);
                }
            }
            if (positional.size() != positionalCount) {
                throw new UsageException(positionalCount == 0 ? "unexpected argument " + positional.getFirst()
                        : "expected " + positionalCount + " argument(s), got " + positional.size());
            }
            return new Arguments(positional, values, flags);
        }

        boolean has(String flag) {
            return flags.contains(flag);
        }

        String value(String name) {
            return values.get(name);
        }

        OptionalLong positiveLong(String name) {
            OptionalDouble value = positiveNumber(name, true);
            return value.isPresent() ? OptionalLong.of((long) value.getAsDouble()) : OptionalLong.empty();
        }

        OptionalDouble positiveDouble(String name) {
            return positiveNumber(name, false);
        }

        private OptionalDouble positiveNumber(String name, boolean whole) {
            String text = values.get(name);
            if (text == null) {
                return OptionalDouble.empty();
            }
            try {
                double value = whole ? Long.parseLong(text) : Double.parseDouble(text);
                if (value > 0 && Double.isFinite(value)) {
                    return OptionalDouble.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " takes " + (whole ? "a whole number" : "a number") + " above 0, not '" + text + "'");
        }
    }
}
