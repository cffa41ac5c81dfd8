package io.eventflow.notifier;

import io.eventflow.config.EventflowConfig;
import java.util.Objects;

/**
 * The notifier's own settings.
 *
 * @param senderEmail the verified SES sender address ({@value #SENDER_EMAIL}, required)
 * @param emailOnReprocess whether events a reprocess replay delivers are emailed again ({@value #EMAIL_ON_REPROCESS};
 *     default false)
 */
public record NotifierSettings(String senderEmail, boolean emailOnReprocess) {

    /** Verified SES sender address. */
    public static final String SENDER_EMAIL = "EVENTFLOW_SENDER_EMAIL";
    /** Whether the notifier emails again for events a reprocess replay delivers (default false). */
    public static final String EMAIL_ON_REPROCESS = "EVENTFLOW_EMAIL_ON_REPROCESS";

    public NotifierSettings {
        Objects.requireNonNull(senderEmail, "senderEmail");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is missing or malformed */
    public static NotifierSettings from(EventflowConfig config) {
        return new NotifierSettings(config.require(SENDER_EMAIL), config.bool(EMAIL_ON_REPROCESS, false));
    }
}
