package io.eventflow.replayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A message on the replay-jobs queue: {@code {"replay_id": "rpl-..."}}. The job itself (window, target, cursor) lives
 * in the job table, so a message is only a wake-up call and its duplicates are harmless.
 *
 * @param replayId the job to run
 */
public record ReplayWork(String replayId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReplayWork {
        if (replayId == null || replayId.isBlank()) {
            throw new IllegalArgumentException("a replay-jobs message needs a replay_id");
        }
    }

    /** @throws IllegalArgumentException when the body is not such a message */
    public static ReplayWork parse(String body) {
        try {
            JsonNode id = JSON.readTree(body).path("replay_id");
            if (!id.isTextual()) {
                throw new IllegalArgumentException("a replay-jobs message needs a replay_id string, got: " + body);
            }
            return new ReplayWork(id.asText());
        } catch (IOException e) {
            throw new IllegalArgumentException("a replay-jobs message must be JSON, got: " + body, e);
        }
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("replay_id", replayId);
        return node.toString();
    }
}
