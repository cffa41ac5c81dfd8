package io.eventflow.event.compatibility.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** One numeric bound of a schema: its value, whether it is exclusive, and the keyword that set it. */
record Bound(BigDecimal value, boolean exclusive, String keyword) {

    /** The tighter of {@code minimum} and {@code exclusiveMinimum}, or null when neither is there. */
    static Bound lower(JsonNode schema) {
        return tighter(of(schema, "minimum", false), of(schema, "exclusiveMinimum", true), 1);
    }

    /** The tighter of {@code maximum} and {@code exclusiveMaximum}, or null when neither is there. */
    static Bound upper(JsonNode schema) {
        return tighter(of(schema, "maximum", false), of(schema, "exclusiveMaximum", true), -1);
    }

    private static Bound of(JsonNode schema, String keyword, boolean exclusive) {
        JsonNode value = schema.get(keyword);
        return value != null && value.isNumber() ? new Bound(value.decimalValue(), exclusive, keyword) : null;
    }

    /** @param direction 1 for lower bounds (higher is tighter), -1 for upper bounds */
    private static Bound tighter(Bound inclusive, Bound exclusive, int direction) {
        if (inclusive == null || exclusive == null) {
            return inclusive != null ? inclusive : exclusive;
        }
        int order = exclusive.value.compareTo(inclusive.value) * direction;
        return order >= 0 ? exclusive : inclusive;
    }

    /** Whether this lower bound admits nothing below {@code reader}'s. */
    boolean withinLower(Bound reader) {
        int order = value.compareTo(reader.value);
        return order > 0 || (order == 0 && (exclusive || !reader.exclusive));
    }

    /** Whether this upper bound admits nothing above {@code reader}'s. */
    boolean withinUpper(Bound reader) {
        int order = value.compareTo(reader.value);
        return order < 0 || (order == 0 && (exclusive || !reader.exclusive));
    }

    @Override
    public String toString() {
        return keyword + " " + value.toPlainString();
    }
}
