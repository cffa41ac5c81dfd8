package io.eventflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code eventflow dlq list|show|redrive} print: text for people, one JSON object with {@code --json}. */
public final class DeadLetterReports {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_EXCERPT = 160;

    private DeadLetterReports() {}

    public static String listText(StackLocator.LocatedStack stack, List<DeadLetterSummary> summaries, Instant now) {
        StringBuilder out = new StringBuilder();
        out.append("dead-letter queues of stack ").append(stack.name()).append(" (").append(stack.where()).append(")\n\n");
        out.append(String.format("  %-12s %9s %10s  %-11s %s%n", "consumer", "messages", "in flight", "oldest", "reasons"));
        for (DeadLetterSummary summary : summaries) {
            Duration age = summary.oldestAge(now);
            String oldest = age == null ? "-" : (summary.capped() ? "≥ " : "") + age(age);
            String reasons = summary.reasons().isEmpty() ? "-" : summary.reasons().entrySet().stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "));
            if (summary.capped() && summary.peeked() > 0) {
                reasons += " (in the " + summary.peeked() + " read)";
            }
            out.append(String.format("  %-12s %9d %10d  %-11s %s%n", summary.queues().consumer(), summary.messages(),
                    summary.inFlight(), oldest, reasons));
        }
        return out.toString();
    }

    public static String listJson(StackLocator.LocatedStack stack, List<DeadLetterSummary> summaries, Instant now) {
        ObjectNode root = JSON.createObjectNode().put("stack", stack.name()).put("where", stack.where());
        var consumers = root.putArray("consumers");
        for (DeadLetterSummary summary : summaries) {
            ObjectNode node = consumers.addObject()
                    .put("consumer", summary.queues().consumer())
                    .put("queue_url", summary.queues().queueUrl())
                    .put("dead_letter_queue_url", summary.queues().deadLetterQueueUrl())
                    .put("messages", summary.messages())
                    .put("in_flight", summary.inFlight())
                    .put("peeked", summary.peeked())
                    .put("capped", summary.capped());
            Duration age = summary.oldestAge(now);
            node.put("oldest_sent_at", summary.oldestSentAt() == null ? null : summary.oldestSentAt().toString());
            if (age == null) {
                node.putNull("oldest_age_seconds");
            } else {
                node.put("oldest_age_seconds", age.toSeconds());
            }
            ObjectNode reasons = node.putObject("reasons");
            summary.reasons().forEach(reasons::put);
        }
        return root.toString();
    }

    public static String showText(ConsumerQueues queues, long count, List<DeadLetterMessage> messages) {
        StringBuilder out = new StringBuilder();
        out.append(queues.consumer()).append(": ").append(count).append(count == 1 ? " message" : " messages")
                .append(" in ").append(queues.deadLetterQueueUrl());
        out.append(messages.isEmpty() ? "\n" : " (showing " + messages.size() + ", oldest first; none consumed)\n");
        int index = 1;
        for (DeadLetterMessage message : messages) {
            out.append('\n').append(String.format("[%d] %s  reason %s%n", index++, message.messageId(), message.reason()));
            out.append("    event     ").append(orDash(message.eventType())).append(' ').append(orDash(message.eventId())).append('\n');
            out.append("    consumer  ").append(orDash(message.consumer()))
                    .append(", receive count ").append(message.receiveCount() == null ? "-" : message.receiveCount())
                    .append(", failed at ").append(orDash(message.failedAt()))
                    .append(", first sent ").append(message.sentAt() == null ? "-" : message.sentAt()).append('\n');
            if (message.error() != null) {
                out.append("    error     ").append(message.error()).append('\n');
            }
            out.append("    body      ").append(message.bodyExcerpt(BODY_EXCERPT)).append('\n');
        }
        return out.toString();
    }

    public static String showJson(ConsumerQueues queues, long count, List<DeadLetterMessage> messages) {
        ObjectNode root = JSON.createObjectNode()
                .put("consumer", queues.consumer())
                .put("dead_letter_queue_url", queues.deadLetterQueueUrl())
                .put("messages", count);
        var items = root.putArray("shown");
        for (DeadLetterMessage message : messages) {
            ObjectNode item = items.addObject()
                    .put("message_id", message.messageId())
                    .put("reason", message.reason())
                    .put("error", message.error())
                    .put("consumer", message.consumer())
                    .put("receive_count", message.receiveCount())
                    .put("failed_at", message.failedAt())
                    .put("event_type", message.eventType())
                    .put("event_id", message.eventId())
                    .put("sent_at", message.sentAt() == null ? null : message.sentAt().toString())
                    .put("body", message.body());
            ObjectNode attributes = item.putObject("attributes");
            message.attributes().forEach(attributes::put);
        }
        return root.toString();
    }

    public static String redriveText(DeadLetterRedriver.Result result) {
        String how = switch (result.method()) {
            case MESSAGE_MOVE_TASK -> "SQS message move task";
            case RECEIVE_SEND_DELETE -> "receive, send, delete";
        };
        return String.format(Locale.ROOT, "%s: moved %d of %d back to %s in %.1f s (%s%s)%n", result.queues().consumer(),
                result.moved(), result.total(), result.queues().queueUrl(), result.took().toMillis() / 1000.0, how,
                result.note() == null ? "" : ": " + result.note());
    }

    public static String redriveJson(DeadLetterRedriver.Result result) {
        return JSON.createObjectNode()
                .put("consumer", result.queues().consumer())
                .put("method", result.method().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("moved", result.moved())
                .put("total", result.total())
                .put("complete", result.complete())
                .put("took_ms", result.took().toMillis())
                .put("note", result.note())
                .toString();
    }

    /** {@code 45s}, {@code 3m 12s}, {@code 2h 5m}, {@code 3d 4h}. */
    static String age(Duration age) {
        long seconds = age.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3_600 + "h " + seconds % 3_600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3_600 + "h";
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
