package io.eventflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.consume.FieldRefusal;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.InvalidEventException;
import io.eventflow.internal.PlatformLimits;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The notifier's admission rule: what SES refuses, or what would corrupt the mail, is refused naming the field. */
class SendableEmailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventValidator SCHEMAS = new EventValidator(EventTypeRegistry.fromClasspath());
    private final SendableEmails rule = new SendableEmails(new NotificationEmails());

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com", "first.last+tag@mail.example.co.uk", "o'brien@xn--bcher-kva.example",
            "a!#$%&'*+/=?^_`{|}~-z@example.com"})
    void anAddressSesTakesIsAdmitted(String address) {
        assertThat(rule.check(signUp(address, "Robin"))).isEmpty();
    }

    /** Each of these passes the schema's {@code format: email} (networknt, formats asserted) and SES refuses it. */
    @ParameterizedTest
    @ValueSource(strings = {"üser@example.com", "user@exämple.com", "user\uD800@example.com", "user@example",
            "user@[192.0.2.1]", "\"robin hood\"@example.com"})
    void anAddressTheSchemaAdmitsButSesRefusesIsRefusedNamingTheField(String address) {
        Event event = signUp(address, "Robin");
        assertThatCode(() -> SCHEMAS.validate(event)).as("format: email admits %s", address).doesNotThrowAnyException();

        Optional<FieldRefusal> refusal = rule.check(event);

        assertThat(refusal).get().satisfies(r -> {
            assertThat(r.field()).isEqualTo("$.data.email");
            assertThat(r.message()).startsWith("$.data.email: recipient address ");
        });
    }

    @Test
    void theSchemaEnforcesFormatEmailAndTheRuleTheLengthsOfRfc5321() {
        assertThatThrownBy(() -> SCHEMAS.validate(signUp("robin at example", "Robin"))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("$.data.email");
        String local64 = "l".repeat(PlatformLimits.EMAIL_LOCAL_PART_OCTETS);
        assertThat(rule.check(signUp(local64 + "@example.com", "Robin"))).isEmpty();
        assertThat(rule.check(signUp(local64 + "l@example.com", "Robin"))).get()
                .extracting(FieldRefusal::problem).asString().contains("local part is 65 octets; RFC 5321 allows 64");
        String label63 = "d".repeat(PlatformLimits.DNS_LABEL_OCTETS);
        String address254 = "a@" + label63 + "." + label63 + "." + label63 + "." + "e".repeat(56) + ".com";
        assertThat(address254).hasSize(PlatformLimits.EMAIL_ADDRESS_OCTETS);
        assertThat(rule.check(signUp(address254, "Robin"))).isEmpty();
        assertThat(rule.check(signUp("a" + address254, "Robin"))).get()
                .extracting(FieldRefusal::problem).asString().contains("255 octets; RFC 5321 allows 254");
        assertThat(rule.check(signUp("a@" + "d".repeat(64) + ".com", "Robin"))).get()
                .extracting(FieldRefusal::problem).asString().contains("64 octets; RFC 5321 allows 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Rob\u2028in", "Rob\u2029in", "Rob\u0085in", "Rob\uD800in", "Rob\uFFFEin", "Rob\uDFFFin"})
    void aNameThatWouldBreakOrCorruptTheSubjectLineIsRefusedNamingTheField(String name) {
        Event event = signUp("user@example.com", name);
        assertThat(rule.check(event)).get().satisfies(r -> {
            assertThat(r.field()).isEqualTo("$.data.name");
            assertThat(r.problem()).contains(String.format("U+%04X", (int) name.charAt(3))).contains("subject line");
        });
    }

    @Test
    void aLoneSurrogateInTheBodyIsRefusedNamingTheItemWhileATabOrEmojiIsFine() throws Exception {
        Event fine = shipped("Tea\tcup \uD83D\uDE00");
        assertThat(rule.check(fine)).isEmpty();
        Event broken = shipped("Tea \uDE00 cup");
        assertThat(rule.check(broken)).get().satisfies(r -> {
            assertThat(r.field()).isEqualTo("$.data.items[0].name");
            assertThat(r.problem()).contains("U+DE00").contains("text");
        });
    }

    @Test
    void anOverdraftWithoutAnOwnerEmailSendsNothingAndSoIsNotRefusedNorIsATypeTheNotifierDoesNotHandle() throws Exception {
        assertThat(rule.check(event("account.overdrawn", """
                {"account_id":"acc_9","balance":"-1","currency":"EUR","withdrawal_id":"w1"}"""))).isEmpty();
        assertThat(rule.check(event("account.overdrawn", """
                {"account_id":"acc_9","balance":"-1","currency":"EUR","withdrawal_id":"w1","owner_email":"o@localhost"}""")))
                .get().extracting(FieldRefusal::field).isEqualTo("$.data.owner_email");
        assertThat(rule.check(event("order.created", "{}"))).isEmpty();
    }

    @Test
    void theEncodedSizeCountsBase64AndItsLineBreaksSoAnEmailPastSesV2sLimitIsRefused() {
        Email small = new Email("a@example.com", "s", "x".repeat(300));
        // 301 bytes -> 404 base64 characters -> 5 line breaks of 2 bytes, plus the address and the MIME overhead.
        assertThat(SendableEmails.encodedBytes(small)).isEqualTo(404 + 10 + 13 + 4096);
        Email huge = new Email("a@example.com", "s", "x".repeat(30_000_000));
        assertThat(SendableEmails.encodedBytes(huge)).isGreaterThan(PlatformLimits.SES_V2_MESSAGE_BYTES);
    }

    private static Event signUp(String address, String name) {
        ObjectNode data = JSON.createObjectNode().put("user_id", "usr_1").put("email", address).put("name", name);
        return Event.builder().type("user.signed_up").source("test:/notifier")
                .dataSchema(EventTypeRegistry.schemaUri("user.signed_up", 1)).data(data).build();
    }

    private static Event shipped(String itemName) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("""
                {"order_id":"ord_1","carrier":"DHL","tracking_number":"JD0001",
                 "customer":{"id":"usr_1","email":"ada@example.com",
                             "shipping_address":{"street":"1 Loop Rd","city":"Turing","zip":"99999"}}}""");
        data.putArray("items").addObject().put("sku", "CUP-1").put("name", itemName).put("quantity", 1);
        return Event.builder().type("order.shipped").source("test:/notifier").data(data).build();
    }

    private static Event event(String type, String data) throws Exception {
        return Event.builder().type(type).source("test:/notifier").data(JSON.readTree(data)).build();
    }
}
