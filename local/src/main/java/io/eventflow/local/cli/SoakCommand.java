package io.eventflow.local.cli;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulators;
import io.eventflow.local.Soak;
import io.eventflow.local.SoakPlan;
import io.eventflow.local.SoakReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventflow soak}: the chaos soak. */
@Command(name = "soak", description = "chaos soak: N events of every type, 20%% published twice, 10%% of first attempts failing, 1%% poison, crashes "
        + "between claim and completion; exits 0 only when nothing is lost, nothing applied twice and all poison is "
        + "dead-lettered")
final class SoakCommand implements Callable<Integer> {

    private final CommandContext context;

    @Mixin
    private JsonOption json;

    @Option(names = "--events", paramLabel = "N", converter = PositiveInt.class, defaultValue = "10000",
            description = "unique events (default ${DEFAULT-VALUE})")
    private int events;

    @Option(names = "--seed", paramLabel = "S", converter = PositiveLong.class, defaultValue = "20261126",
            description = "seed of the faults and the event mix (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--no-batch-transactions", description = "commit each record on its own, not the batch together")
    private boolean noBatchTransactions;

    SoakCommand(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (AwsEmulator emulator = AwsEmulators.start()) {
            SoakPlan plan = SoakPlan.standard(events, seed).withBatchTransactions(!noBatchTransactions);
            SoakReport report = new Soak(emulator, AwsEmulators.ProjectLayout.locate().root(), plan).run();
            context.out().println(json.json() ? report.toJson() : report.toText());
            return report.passed() ? 0 : 1;
        }
    }
}
