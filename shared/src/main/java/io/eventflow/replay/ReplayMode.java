package io.eventflow.replay;

import java.util.Locale;

/** What a replay asks of its target consumer. */
public enum ReplayMode {

    /**
     * The consumer's idempotency applies: events it already processed are skipped (the replay does not even send
     * them), only missing ones run. For catching up after an outage, or bootstrapping a new consumer from history.
     */
    RECOVER,

    /**
     * Every event runs again: the idempotency key includes the replay id. For recomputing after a bug fix, usually into
     * an emptied table. Repeats within the same replay are still skipped.
     */
    REPROCESS;

    /** The lower-case name used on the command line and in message attributes. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code recover} or {@code reprocess} (any case). */
    public static ReplayMode fromCode(String code) {
        for (ReplayMode mode : values()) {
            if (mode.name().equalsIgnoreCase(code)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown replay mode '" + code + "': recover or reprocess");
    }
}
