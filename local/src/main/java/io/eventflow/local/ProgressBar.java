package io.eventflow.local;

import java.io.Console;
import java.io.PrintStream;

/**
 * {@code [#####.....] 50/100} on a stream: redrawn in place on a terminal, printed once at the end otherwise (a log
 * file gets one line, not a hundred).
 */
public final class ProgressBar implements DeadLetterRedriver.Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private String last = "";

    /**
     * @param interactive whether {@code out} is a terminal that honours {@code \r}
     * @param label text after the counts, e.g. {@code "moved"}
     */
    public ProgressBar(PrintStream out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    /** Whether this process runs in a terminal, where a bar drawn in place reads well. */
    public static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    @Override
    public void update(long done, long total) {
        last = render(done, total) + " " + label;
        if (interactive) {
            out.print("\r" + last);
            out.flush();
        }
    }

    /** Ends the bar: the final state on its own line. */
    public void finish() {
        if (interactive) {
            out.print("\r" + last + "\n");
        } else if (!last.isEmpty()) {
            out.println(last);
        }
        out.flush();
    }

    /** {@code [#####.....] 5/10}; with an unknown (negative) total, {@code [..........] 5/?}. */
    static String render(long done, long total) {
        int filled = total < 0 ? 0 : total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + (total < 0 ? "?" : total);
    }
}
