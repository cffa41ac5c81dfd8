package io.eventflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.Delivery;
import io.eventflow.event.Event;
import io.eventflow.replay.ReplayMarker;
import io.eventflow.replay.ReplayMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which deliveries email the customer: normal ones and recover replays do; reprocess replays only when asked. */
class CustomerEmailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Email> sent = new ArrayList<>();

    @Test
    void aReprocessReplayEmailsNobodyUnlessAskedAndARecoverReplaySendsTheMissingEmail() throws Exception {
        Event signedUp = Event.builder().type("user.signed_up").source("test:/notifier")
                .data(JSON.readTree("{\"user_id\":\"usr_2\",\"email\":\"grace@example.com\",\"name\":\"Grace\"}")).build();
        ReplayMarker reprocess = new ReplayMarker("rpl-1", ReplayMode.REPROCESS, Instant.EPOCH);
        ReplayMarker recover = new ReplayMarker("rpl-2", ReplayMode.RECOVER, Instant.EPOCH);

        CustomerEmails quiet = new CustomerEmails(new NotificationEmails(), sent::add, false);
        quiet.handle(replayed(signedUp, reprocess));
        assertThat(sent).isEmpty();
        quiet.handle(replayed(signedUp, recover));
        quiet.handle(Delivery.of(signedUp));
        assertThat(sent).extracting(Email::to).containsExactly("grace@example.com", "grace@example.com");

        sent.clear();
        new CustomerEmails(new NotificationEmails(), sent::add, true).handle(replayed(signedUp, reprocess));
        assertThat(sent).hasSize(1);
    }

    private static Delivery replayed(Event event, ReplayMarker replay) {
        return new Delivery(event, replay, Map.of(), 1, false);
    }
}
