package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersTheShareDone() {
        assertThat(ProgressBar.render(0, 10)).isEqualTo("[" + ".".repeat(30) + "] 0/10");
        assertThat(ProgressBar.render(5, 10)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "] 5/10");
        assertThat(ProgressBar.render(12, 10)).isEqualTo("[" + "#".repeat(30) + "] 12/10");
        assertThat(ProgressBar.render(0, 0)).isEqualTo("[" + "#".repeat(30) + "] 0/0");
        assertThat(ProgressBar.render(3, -1)).isEqualTo("[" + ".".repeat(30) + "] 3/?");
    }

    @Test
    void redrawsInPlaceOnATerminalAndPrintsOneLineOtherwise() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        ProgressBar onTerminal = new ProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), true, "moved");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ProgressBar inLog = new ProgressBar(new PrintStream(log, true, StandardCharsets.UTF_8), false, "moved");
        for (ProgressBar bar : new ProgressBar[] {onTerminal, inLog}) {
            bar.update(0, 2);
            bar.update(1, 2);
            bar.update(2, 2);
            bar.finish();
        }

        String done = ProgressBar.render(2, 2) + " moved";
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r" + ProgressBar.render(0, 2) + " moved\r" + ProgressBar.render(1, 2) + " moved\r" + done + "\r" + done + "\n");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo(done + System.lineSeparator());
    }
}
