package io.eventflow.notifier;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.EventHandler;
import io.eventflow.event.Event;
import io.eventflow.replay.ReplayMarker;
import io.eventflow.replay.ReplayMode;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's logic: the email an event calls for, sent. A reprocess replay re-runs events to recompute state; it
 * must not email customers a second time, so those deliveries send nothing unless {@code emailOnReprocess} is set.
 * A recover replay delivers only events never processed, whose emails were never sent: those go out.
 */
public final class CustomerEmails implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerEmails.class);

    private final NotificationEmails emails;
    private final Consumer<Email> sender;
    private final boolean emailOnReprocess;

    public CustomerEmails(NotificationEmails emails, Consumer<Email> sender, boolean emailOnReprocess) {
        this.emails = Objects.requireNonNull(emails);
        this.sender = Objects.requireNonNull(sender);
        this.emailOnReprocess = emailOnReprocess;
    }

    @Override
    public void handle(Delivery delivery) {
        Event event = delivery.event();
        ReplayMarker replay = delivery.replay().orElse(null);
        if (replay != null && replay.mode() == ReplayMode.REPROCESS && !emailOnReprocess) {
            LOG.info("{} delivered by reprocess replay {}: no email sent again", event, replay.replayId());
            return;
        }
        emails.compose(event).ifPresent(sender);
    }
}
