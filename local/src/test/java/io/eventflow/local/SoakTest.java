package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The chaos soak at CI size: nothing lost, nothing applied twice, every poison message dead-lettered. */
@ExtendWith(AwsEmulatorExtension.class)
class SoakTest {

    @Test
    void aThousandEventsUnderChaosLoseNothingAndApplyNothingTwice(AwsEmulator emulator) {
        SoakReport report = new Soak(emulator, TestStacks.projectRoot(), SoakPlan.standard(1_000, 20261126L)).run();
        System.out.println(report.toText());

        assertThat(report.drained()).isTrue();
        assertThat(report.lost()).isZero();
        assertThat(report.appliedTwice()).isZero();
        assertThat(report.poison()).isEqualTo(10);
        assertThat(report.poisonDeadLettered()).isEqualTo(report.poison());
        // The chaos really happened: otherwise zeros above would prove nothing.
        assertThat(report.injectedFailures()).isGreaterThan(50);
        assertThat(report.crashes()).isGreaterThanOrEqualTo(1);
        assertThat(report.duplicatesSkipped()).isGreaterThan(100);
        // Every injected failure is reported as a retry, except in an invocation a crash aborts: its batch (at most
        // ten records) reports nothing, and the whole batch comes back.
        assertThat(report.retries()).isGreaterThanOrEqualTo(report.injectedFailures() - 10 * report.crashes());
    }
}
