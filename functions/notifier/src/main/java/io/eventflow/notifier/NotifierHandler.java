package io.eventflow.notifier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.telemetry.Telemetry;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Lambda entry point of the notifier: emails the customer when an order ships and welcomes new users. Each event is
 * claimed in the idempotency table before the email goes out, so a redelivered or republished event sends no second
 * email.
 */
public final class NotifierHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The versions it writes emails from: order.shipped v1 events are upcast to v2. */
    public static final ReadVersions READS = ReadVersions.builder()
            .reads("order.shipped", 2)
            .reads("user.signed_up", 1)
            .reads("account.overdrawn", 1)
            .build();

    private final SqsBatchProcessor processor;
    private final Telemetry telemetry;

    /** Called by Lambda once per execution environment; with SnapStart, primed before the snapshot. */
    public NotifierHandler() {
        this(FunctionEnvironment.fromSystem().primedBeforeSnapshot(NotifierHandler::new, READS));
    }

    /** Wires the notifier to a given environment (tests, the local runner). */
    public NotifierHandler(FunctionEnvironment environment) {
        NotifierSettings settings = NotifierSettings.from(environment.config());
        SesEmailSender sender = new SesEmailSender(environment.clients().configure(SesV2Client.builder()), settings.senderEmail());
        this.telemetry = environment.telemetry();
        NotificationEmails emails = new NotificationEmails();
        // Each email is independent of the others and the handler keeps no state: records run side by side.
        this.processor = environment.batchProcessor()
                .recordsInParallel(environment.consumerSettings().recordParallelism())
                .reads(READS)
                .admissionRule(new SendableEmails(emails)) // what SES would refuse is dead-lettered before the claim
                .handler(new CustomerEmails(emails, sender::send, settings.emailOnReprocess()))
                .build();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return telemetry.handle(event, context, processor::process);
    }
}
