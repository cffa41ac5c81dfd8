package io.eventflow.emulator.snapstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local CRaC runs hooks in the order Lambda documents: before the checkpoint last registered first, after the restore first first. */
class CoreTest {

    @Test
    void hooksRunInLambdasOrderAndEveryFailureIsReported() throws Exception {
        List<String> calls = new ArrayList<>();
        Core.getGlobalContext().register(recording("first", calls, false));
        Core.getGlobalContext().register(recording("second", calls, false));

        Core.checkpointRestore();

        assertThat(calls).containsExactly("second before", "first before", "first after", "second after");

        calls.clear();
        Core.getGlobalContext().register(recording("failing", calls, true));
        assertThatThrownBy(Core::checkpointRestore).isInstanceOf(CheckpointException.class)
                .satisfies(failure -> assertThat(failure.getSuppressed()).singleElement()
                        .satisfies(cause -> assertThat(cause).hasMessage("failing refuses")));
        // The others still ran; no restore follows a failed checkpoint.
        assertThat(calls).containsExactly("second before", "first before");
    }

    private static Resource recording(String name, List<String> calls, boolean failBefore) {
        return new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                if (failBefore) {
                    throw new IllegalStateException(name + " refuses");
                }
                calls.add(name + " before");
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                calls.add(name + " after");
            }
        };
    }
}
