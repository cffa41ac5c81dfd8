package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.emulator.SqsEventTranslator;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Test fixture: what a function's queue holds, received as the one SQS event Lambda would hand its handler. */
final class QueuedBatches {

    private QueuedBatches() {}

    /** Receives exactly {@code expected} messages (the test fails otherwise), as one SQS event. */
    static SQSEvent receive(LocalRunner runner, FunctionDefinition.QueueSource source, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 + expected / 10 && messages.size() < expected; attempt++) {
            messages.addAll(runner.clients().sqs().receiveMessage(request -> request.queueUrl(source.queueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(messages).hasSize(expected);
        SqsEventTranslator translator = new SqsEventTranslator();
        return translator.fromLambdaJson(translator.toLambdaJson(messages, source.queueArn()));
    }
}
