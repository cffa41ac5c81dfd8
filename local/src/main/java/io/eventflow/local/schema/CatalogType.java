package io.eventflow.local.schema;

import io.eventflow.event.compatibility.CompatibilityMode;
import java.util.List;

/**
 * One event type on the catalog page.
 *
 * @param type the event type, e.g. {@code order.shipped}
 * @param compatibility its mode in catalog.json
 * @param versions its published versions, newest first
 * @param consumers the functions whose SNS subscription filter policy admits it, in template order, each with the
 *     versions it declares it reads, e.g. {@code notifier (v1–v2, seen as v2)}
 * @param exampleFile the name of its example's file under {@code events/examples/}
 * @param example its example event ({@code events/examples/<type>.v<N>.json} for the newest version N, else
 *     {@code <type>.json}) as text, or empty when there is none
 */
public record CatalogType(String type, CompatibilityMode compatibility, List<CatalogVersion> versions,
        List<String> consumers, String exampleFile, String example) {

    public CatalogType {
        versions = List.copyOf(versions);
        consumers = List.copyOf(consumers);
    }

    /** What the mode promises, in a sentence. */
    public String promise() {
        String against = compatibility.transitive() ? "every earlier version" : "the version before it";
        if (compatibility.backward() && compatibility.forward()) {
            return "each version reads events written with " + against + ", and is read by it";
        }
        return compatibility.backward()
                ? "a consumer on each version reads events written with " + against
                : "a consumer on " + against + " reads events written with each version";
    }
}
