package io.eventflow.ledger;

import io.eventflow.consume.NonRetryableException;
import io.eventflow.event.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One account event as the ledger books it: which account, when, and the signed change to its balance (an opening
 * books its initial balance, a deposit adds, a withdrawal subtracts). Amounts are decimals, never binary floats.
 *
 * @param accountId the account
 * @param eventId the event's id
 * @param type the event type
 * @param time when it happened (the event's own time, not its arrival)
 * @param change signed change to the balance
 * @param currency ISO 4217 code
 * @param ownerEmail the owner's address an opening gives, else null
 */
public record AccountEntry(String accountId, String eventId, String type, Instant time, BigDecimal change, String currency,
                           String ownerEmail) {

    /** The event types the ledger books (its subscription's filter policy lists the same). */
    public static final List<String> TYPES = List.of("account.opened", "deposit.made", "withdrawal.made");

    public boolean isOpening() {
        return "account.opened".equals(type);
    }

    public boolean isWithdrawal() {
        return "withdrawal.made".equals(type);
    }

    /**
     * @throws NonRetryableException for an event the ledger cannot book (another type)
     */
    public static AccountEntry of(Event event) {
        var data = event.data();
        BigDecimal change = switch (event.type()) {
            case "account.opened" -> new BigDecimal(data.path("initial_balance").asText());
            case "deposit.made" -> new BigDecimal(data.path("amount").asText());
            case "withdrawal.made" -> new BigDecimal(data.path("amount").asText()).negate();
            default -> throw new NonRetryableException("the ledger does not book " + event.type());
        };
        return new AccountEntry(data.path("account_id").asText(), event.id(), event.type(), event.time(), change,
                data.path("currency").asText(), data.hasNonNull("owner_email") ? data.path("owner_email").asText() : null);
    }
}
