package io.eventflow.notifier;

import java.util.Objects;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Sends emails through SES v2 {@code SendEmail} from one verified sender address. */
public final class SesEmailSender {

    private final SesV2Client ses;
    private final String from;

    public SesEmailSender(SesV2Client ses, String from) {
        this.ses = Objects.requireNonNull(ses);
        this.from = Objects.requireNonNull(from);
    }

    /** @return the SES message id */
    public String send(Email email) {
        return ses.sendEmail(request -> request
                        .fromEmailAddress(from)
                        .destination(destination -> destination.toAddresses(email.to()))
                        .content(content -> content.simple(message -> message
                                .subject(subject -> subject.data(email.subject()).charset("UTF-8"))
                                .body(body -> body.text(text -> text.data(email.body()).charset("UTF-8"))))))
                .messageId();
    }
}
