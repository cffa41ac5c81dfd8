package io.eventflow.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.event.Event;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over an event's content in a canonical form (keys sorted), so the same event hashes the same however it was
 * serialized (first delivery, redelivery, replay from the archive), and a reused id with other content does not.
 */
public final class PayloadHash {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PayloadHash() {}

    public static String of(Event event) {
        ObjectNode content = CANONICAL.createObjectNode();
        content.put("source", event.source().toString());
        content.put("type", event.type());
        content.put("time", event.time().toString());
        content.put("subject", event.subject());
        content.set("data", event.data());
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(content, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash event " + event.id(), e);
        }
    }
}
