package io.eventflow.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.event.Event;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns the events the notifier subscribes to into the email each one deserves. Pure: no I/O. */
public final class NotificationEmails {

    /** The event types the notifier handles; its subscription's filter policy lists the same. */
    public static final Set<String> TYPES = Set.of("order.shipped", "user.signed_up", "account.overdrawn");
    /** Where each type's recipient address is in its data, as a JSON pointer: read here, named by refusals. */
    private static final Map<String, String> RECIPIENTS = Map.of(
            "order.shipped", "/customer/email",
            "user.signed_up", "/email",
            "account.overdrawn", "/owner_email");

    /** The JSON path from the event's root of the type's recipient address ({@code $.data.customer.email}). */
    public static String recipientField(String type) {
        String pointer = RECIPIENTS.get(type);
        return pointer == null ? "$.data" : "$.data" + pointer.replace('/', '.');
    }

    /**
     * The email an event calls for; empty when it names nobody to write to (an account without an owner email).
     *
     * @throws NonRetryableException for a type the notifier does not handle: a retry would fail the same way, so the
     *         record goes to the dead-letter queue at once (its filter policy never delivers one; a hand-sent one can)
     */
    public Optional<Email> compose(Event event) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case "order.shipped" -> Optional.of(orderShipped(data));
            case "user.signed_up" -> Optional.of(welcome(data));
            case "account.overdrawn" -> data.at(RECIPIENTS.get(event.type())).isTextual() ? Optional.of(overdrawn(data)) : Optional.empty();
            default -> throw new NonRetryableException("the notifier does not handle " + event.type());
        };
    }

    /** order.shipped as v2 (v1 events arrive upcast): the items and the estimated delivery date when the event says them. */
    private static Email orderShipped(JsonNode data) {
        String orderId = data.path("order_id").asText();
        JsonNode customer = data.path("customer");
        JsonNode address = customer.path("shipping_address");
        String body = """
                Good news: your order %s is on its way.
                %s
                Carrier: %s
                Tracking number: %s
                %s
                It ships to:
                %s
                %s %s
                """.formatted(orderId, items(data.path("items")), data.path("carrier").asText(), data.path("tracking_number").asText(),
                data.hasNonNull("estimated_delivery") ? "Estimated delivery: " + data.get("estimated_delivery").asText() + "\n" : "",
                address.path("street").asText(), address.path("zip").asText(), address.path("city").asText());
        return new Email(recipient("order.shipped", data), "Your order " + orderId + " has shipped", body);
    }

    /** The parcel's lines, one per item, between blank lines; nothing when the event does not list them. */
    private static String items(JsonNode items) {
        if (!items.isArray() || items.isEmpty()) {
            return "";
        }
        StringBuilder lines = new StringBuilder("\nIn this parcel:\n");
        items.forEach(item -> lines.append("  ").append(item.path("quantity").asInt()).append(" x ")
                .append(item.hasNonNull("name") ? item.get("name").asText() : item.path("sku").asText()).append('\n'));
        return lines.toString();
    }

    private static Email overdrawn(JsonNode data) {
        String account = data.path("account_id").asText();
        String body = """
                Your account %s is overdrawn: its balance is %s %s after a withdrawal.

                Please deposit enough to bring it back above zero.
                """.formatted(account, data.path("balance").asText(), data.path("currency").asText());
        return new Email(recipient("account.overdrawn", data), "Your account " + account + " is overdrawn", body);
    }

    private static Email welcome(JsonNode data) {
        String name = data.path("name").asText();
        String body = """
                Hi %s,

                Welcome aboard. Your account is ready.
                """.formatted(name);
        return new Email(recipient("user.signed_up", data), "Welcome, " + name + "!", body);
    }

    private static String recipient(String type, JsonNode data) {
        return data.at(RECIPIENTS.get(type)).asText();
    }
}
