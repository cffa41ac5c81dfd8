package io.eventflow.consume.internal;

import io.eventflow.consume.AdmissionRule;
import io.eventflow.consume.DeadLetterReason;
import io.eventflow.consume.FieldRefusal;
import io.eventflow.consume.EventTimeWindow;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventValidator;
import io.eventflow.event.InvalidEventException;
import io.eventflow.event.MalformedEventException;
import io.eventflow.event.MessageAttributes;
import io.eventflow.idempotency.IdempotencyKey;
import io.eventflow.idempotency.PayloadHash;
import io.eventflow.replay.ReplayMarker;
import io.eventflow.replay.ReplayMode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Admits a record that carries a CloudEvent: refuses JSON two parsers could read differently, decodes the body,
 * checks that the consumer reads its version ({@link VersionReading}), validates the event against the schema of the
 * version it was written in, checks that the routing attributes match the body, reads the replay marker, derives the
 * idempotency key (a reprocess replay gets a key of its own), checks that the event fits the platform's limits
 * ({@link PlatformFit}) and its time the consumer's window, upcasts it to the version the consumer reads and runs the
 * consumer's own {@link AdmissionRule}s on it. The key and the payload hash are those of the event as written. Pure: no
 * I/O but the clock.
 */
public final class EventAdmission implements Intake<AdmittedEvent> {

    private final String consumer;
    private final EventCodec codec;
    private final EventValidator validator;
    private final VersionReading versions;
    private final boolean canEmit;
    private final PlatformFit fit;
    private final EventTimeWindow window;
    private final Clock clock;
    private final List<AdmissionRule> rules;

    public EventAdmission(String consumer, EventCodec codec, EventValidator validator, VersionReading versions,
                          boolean canEmit, EventTimeWindow window, Clock clock, List<AdmissionRule> rules) {
        this.consumer = consumer;
        this.codec = codec;
        this.validator = validator;
        this.versions = versions;
        this.canEmit = canEmit;
        this.fit = new PlatformFit(codec);
        this.window = window;
        this.clock = clock;
        this.rules = List.copyOf(rules);
    }

    @Override
    public Admission<AdmittedEvent> admit(SqsRecord record) {
        String ambiguity = StrictJson.ambiguity(record.body());
        if (ambiguity != null) {
            return new Admission.Refused<>(record, null, DeadLetterReason.AMBIGUOUS_JSON, ambiguity);
        }
        Event event;
        try {
            event = codec.decode(record.body());
        } catch (RuntimeException malformed) {
            String error = malformed instanceof MalformedEventException ? malformed.getMessage() : malformed.toString();
            return new Admission.Refused<>(record, null, DeadLetterReason.MALFORMED, error);
        }
        Optional<String> unsupported = versions.unsupported(event);
        if (unsupported.isPresent()) {
            return new Admission.Refused<>(record, event, DeadLetterReason.UNSUPPORTED_VERSION, unsupported.get());
        }
        try {
            validator.validate(versions.validatedAs(event));
        } catch (InvalidEventException invalid) {
            DeadLetterReason reason = invalid.unknownType() ? DeadLetterReason.UNKNOWN_TYPE : DeadLetterReason.SCHEMA_INVALID;
            return new Admission.Refused<>(record, event, reason, invalid.getMessage());
        } catch (RuntimeException unvalidatable) {
            return new Admission.Refused<>(record, event, DeadLetterReason.SCHEMA_INVALID, unvalidatable.toString());
        }
        String mismatch = attributeMismatch(record, event);
        if (mismatch != null) {
            return new Admission.Refused<>(record, event, DeadLetterReason.ATTRIBUTE_MISMATCH, mismatch);
        }
        ReplayMarker replay = ReplayMarker.of(record.message()).orElse(null);
        String key = replay != null && replay.mode() == ReplayMode.REPROCESS
                ? IdempotencyKey.ofReprocess(consumer, event.id(), replay.replayId())
                : IdempotencyKey.of(consumer, event.id());
        PlatformFit.Misfit misfit = fit.check(event, key);
        if (misfit != null) {
            return new Admission.Refused<>(record, event, misfit.reason(), misfit.error());
        }
        String outside = window.outside(event.time(), clock.instant(), replay != null);
        if (outside != null) {
            return new Admission.Refused<>(record, event, DeadLetterReason.TIME_OUT_OF_RANGE, outside);
        }
        Event asRead = versions.asRead(event);
        String refused = refusal(asRead);
        if (refused != null) {
            return new Admission.Refused<>(record, event, DeadLetterReason.FIELD_REFUSED, refused);
        }
        return new Admission.Admitted<>(record, new AdmittedEvent(record, asRead, replay, key, PayloadHash.of(event), canEmit),
                event);
    }

    /** The first refusal of the consumer's rules, or null. A rule that throws refuses: it would throw again. */
    private String refusal(Event event) {
        for (AdmissionRule rule : rules) {
            try {
                Optional<FieldRefusal> refusal = rule.check(event);
                if (refusal.isPresent()) {
                    return refusal.get().message();
                }
            } catch (RuntimeException broken) {
                return "admission rule " + rule.getClass().getName() + " failed: " + broken;
            }
        }
        return null;
    }

    /** Why the routing attributes do not match the body, or null when they do. */
    private static String attributeMismatch(SqsRecord record, Event event) {
        String type = record.typeAttribute();
        String id = record.eventIdAttribute();
        if (type == null || id == null) {
            return "message attributes '" + MessageAttributes.TYPE + "' and '" + MessageAttributes.EVENT_ID
                    + "' are required: subscriptions filter on them (publish with EventPublisher)";
        }
        if (!type.equals(event.type()) || !id.equals(event.id())) {
            return "message attributes say " + type + " " + id + " but the body is " + event.type() + " " + event.id();
        }
        return null;
    }
}
