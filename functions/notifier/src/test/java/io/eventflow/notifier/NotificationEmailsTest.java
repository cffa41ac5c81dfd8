package io.eventflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.event.Event;
import org.junit.jupiter.api.Test;

class NotificationEmailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NotificationEmails emails = new NotificationEmails();

    @Test
    void anOrderShippedEmailCarriesCarrierTrackingAndAddress() throws Exception {
        Email email = emails.compose(event("order.shipped", """
                {"order_id":"ord_1","carrier":"DHL","tracking_number":"JD0001",
                 "customer":{"id":"usr_1","email":"ada@example.com",
                             "shipping_address":{"street":"1 Loop Rd","city":"Turing","zip":"99999"}}}""")).orElseThrow();
        assertThat(email.to()).isEqualTo("ada@example.com");
        assertThat(email.subject()).isEqualTo("Your order ord_1 has shipped");
        assertThat(email.body()).contains("Carrier: DHL").contains("Tracking number: JD0001").contains("1 Loop Rd").contains("99999 Turing");
        // A v1 event (upcast to v2 without them) says nothing of items or a delivery date, and neither does the email.
        assertThat(email.body()).isEqualTo("""
                Good news: your order ord_1 is on its way.

                Carrier: DHL
                Tracking number: JD0001

                It ships to:
                1 Loop Rd
                99999 Turing
                """);
    }

    @Test
    void aV2OrderShippedEmailListsTheItemsAndTheEstimatedDelivery() throws Exception {
        Email email = emails.compose(event("order.shipped", """
                {"order_id":"ord_2","carrier":"DHL","tracking_number":"JD0002",
                 "items":[{"sku":"BK-1","name":"A book","quantity":1},{"sku":"MUG-7","quantity":2}],
                 "estimated_delivery":"2026-02-14",
                 "customer":{"id":"usr_1","email":"ada@example.com",
                             "shipping_address":{"street":"1 Loop Rd","city":"Turing","zip":"99999"}}}""")).orElseThrow();
        assertThat(email.body()).isEqualTo("""
                Good news: your order ord_2 is on its way.

                In this parcel:
                  1 x A book
                  2 x MUG-7

                Carrier: DHL
                Tracking number: JD0002
                Estimated delivery: 2026-02-14

                It ships to:
                1 Loop Rd
                99999 Turing
                """);
    }

    @Test
    void aSignUpGetsAWelcomeByName() throws Exception {
        Email email = emails.compose(event("user.signed_up", """
                {"user_id":"usr_2","email":"grace@example.com","name":"Grace"}""")).orElseThrow();
        assertThat(email.to()).isEqualTo("grace@example.com");
        assertThat(email.subject()).isEqualTo("Welcome, Grace!");
        assertThat(email.body()).startsWith("Hi Grace,");
    }

    @Test
    void anOverdraftWarnsTheOwnerWhenThereIsOneToWarn() throws Exception {
        Email email = emails.compose(event("account.overdrawn", """
                {"account_id":"acc_9","balance":"-12.50","currency":"EUR","withdrawal_id":"w1","owner_email":"o@example.com"}""")).orElseThrow();
        assertThat(email.to()).isEqualTo("o@example.com");
        assertThat(email.subject()).isEqualTo("Your account acc_9 is overdrawn");
        assertThat(email.body()).contains("-12.50 EUR");
        assertThat(emails.compose(event("account.overdrawn", """
                {"account_id":"acc_9","balance":"-1","currency":"EUR","withdrawal_id":"w1"}"""))).isEmpty();
    }

    @Test
    void aTypeTheNotifierDoesNotHandleIsRefused() {
        assertThatThrownBy(() -> emails.compose(event("order.created", "{}")))
                .isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("order.created");
        assertThat(NotificationEmails.TYPES).containsExactlyInAnyOrder("order.shipped", "user.signed_up", "account.overdrawn");
    }

    private static Event event(String type, String data) throws Exception {
        return Event.builder().type(type).source("test:/notifier").data(JSON.readTree(data)).build();
    }
}
