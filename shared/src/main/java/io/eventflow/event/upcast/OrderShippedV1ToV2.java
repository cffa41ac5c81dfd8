package io.eventflow.event.upcast;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventflow.event.Upcaster;

/**
 * {@code order.shipped} v1 to v2. v2 only adds optional fields (the items shipped, the estimated delivery date), so a
 * v1 fact is already a v2 fact: the data passes unchanged. It does not invent the fields v1 lacked: an absent
 * {@code items} means "not said", which an empty list would contradict.
 */
public final class OrderShippedV1ToV2 implements Upcaster {

    @Override
    public String type() {
        return "order.shipped";
    }

    @Override
    public int from() {
        return 1;
    }

    @Override
    public JsonNode upcast(JsonNode data) {
        return data;
    }
}
