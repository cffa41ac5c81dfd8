package io.eventflow.event;

import java.util.List;

/**
 * The message attributes an event travels with over SNS and SQS, named once for the publisher and the consumers:
 * the routing facts subscriptions filter on, and the W3C trace context of its publish.
 */
public final class MessageAttributes {

    /** The event's type; subscription filter policies match on it. */
    public static final String TYPE = "type";
    /** The event's id. */
    public static final String EVENT_ID = "event-id";
    /** The W3C {@code traceparent} of the event's publish. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C {@code tracestate} of the event's publish, when it has one. */
    public static final String TRACESTATE = "tracestate";
    /** The trace context attributes, in the order they are kept. */
    public static final List<String> TRACE_CONTEXT = List.of(TRACEPARENT, TRACESTATE);

    private MessageAttributes() {}
}
