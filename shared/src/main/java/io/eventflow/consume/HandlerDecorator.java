package io.eventflow.consume;

/**
 * Wraps a consumer's logic without the consumer knowing: the local soak test uses it to inject failures and crashes
 * into real handlers; it is also the place for extra instrumentation. Applied once, when the processor is built.
 */
public interface HandlerDecorator {

    /** Leaves handlers as they are. */
    HandlerDecorator NONE = new HandlerDecorator() {
        @Override
        public EventHandler decorate(EventHandler handler) {
            return handler;
        }

        @Override
        public TransactionalEventHandler decorate(TransactionalEventHandler handler) {
            return handler;
        }
    };

    EventHandler decorate(EventHandler handler);

    TransactionalEventHandler decorate(TransactionalEventHandler handler);
}
