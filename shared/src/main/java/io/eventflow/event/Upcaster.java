package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One version step of one event type: turns the data of a {@code v<from>} event into what {@code v<from+1>} says of
 * the same fact. Pure and total over every instance of the older schema; it never invents facts the older version
 * did not carry (a field the newer version added stays absent).
 */
public interface Upcaster {

    /** The event type this step is for. */
    String type();

    /** The version it reads; it writes {@code from() + 1}. */
    int from();

    /** The data in version {@code from() + 1}; {@code data} is a copy the step may change. */
    JsonNode upcast(JsonNode data);
}
