package io.eventflow.event.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventflow.event.compatibility.internal.InclusionFinding;
import io.eventflow.event.compatibility.internal.SchemaInclusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Checks the versions of an event type against their {@link CompatibilityMode}: every version against the one before
 * it, or against all earlier ones when the mode is transitive. Backward means the later version's schema accepts every
 * event the earlier one accepts; forward the other way round; full both.
 *
 * <p>The check is sound, not complete: a change passes only when it is proven safe. Keywords it understands are
 * {@link #UNDERSTOOD_KEYWORDS}; it refuses to judge (rule {@link CompatibilityRule#UNSUPPORTED_KEYWORD}) any other
 * assertion in a reader's schema, and {@link #WIDENING_KEYWORDS} in a writer's.
 */
public final class SchemaCompatibility {

    /** The assertion keywords the check compares (annotations such as {@code description} are ignored). */
    public static final Set<String> UNDERSTOOD_KEYWORDS = SchemaInclusion.UNDERSTOOD;
    /** Keywords that make the check refuse to judge even in a writer's schema, where it ignores other unknown ones. */
    public static final Set<String> WIDENING_KEYWORDS = SchemaInclusion.WIDENING;

    private SchemaCompatibility() {}

    /** Every way the versions of one type break its mode, in version order; empty when the history is compatible. */
    public static List<Incompatibility> check(String type, CompatibilityMode mode, NavigableMap<Integer, JsonNode> versions) {
        List<Incompatibility> found = new ArrayList<>();
        for (Map.Entry<Integer, JsonNode> later : versions.entrySet()) {
            NavigableMap<Integer, JsonNode> earlier = versions.headMap(later.getKey(), false);
            if (earlier.isEmpty()) {
                continue;
            }
            for (Map.Entry<Integer, JsonNode> predecessor : mode.transitive() ? earlier.entrySet() : Set.of(earlier.lastEntry())) {
                found.addAll(compare(type, predecessor.getKey(), predecessor.getValue(), later.getKey(), later.getValue(), mode));
            }
        }
        return List.copyOf(found);
    }

    /** How one later version breaks the mode against one earlier version (transitivity plays no part in a pair). */
    public static List<Incompatibility> compare(String type, int earlierVersion, JsonNode earlier, int laterVersion,
            JsonNode later, CompatibilityMode mode) {
        List<Incompatibility> found = new ArrayList<>();
        if (mode.backward()) {
            found.addAll(as(type, earlierVersion, laterVersion, laterVersion, SchemaInclusion.check(later, earlier)));
        }
        if (mode.forward()) {
            found.addAll(as(type, earlierVersion, laterVersion, earlierVersion, SchemaInclusion.check(earlier, later)));
        }
        return List.copyOf(found);
    }

    private static List<Incompatibility> as(String type, int earlier, int later, int reader, List<InclusionFinding> findings) {
        return findings.stream()
                .map(f -> new Incompatibility(type, earlier, later, reader, f.pointer(), f.rule(), f.detail()))
                .toList();
    }
}
