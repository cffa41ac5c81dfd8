package io.eventflow.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** On a FIFO topic each event's subject is its message group and its id the deduplication id. */
@ExtendWith(AwsEmulatorExtension.class)
class EventPublisherFifoTest {

    private static AwsClients clients;

    @BeforeAll
    static void createClients(AwsEmulator emulator) {
        clients = TestAws.clients(emulator);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @Test
    void groupsBySubjectAndDropsARepublishedEvent() {
        String name = TestAws.uniqueName("events");
        String topicArn = clients.sns().createTopic(request -> request.name(name + ".fifo")
                .attributes(Map.of("FifoTopic", "true"))).topicArn();
        String queueUrl = TestAws.subscribedQueue(clients, topicArn, name + "-consumer");
        EventPublisher publisher = EventPublisher.builder().snsClient(clients.sns()).topicArn(topicArn)
                .validator(new EventValidator(EventTypeRegistry.fromClasspath())).build();

        Event opened = ExampleEvents.fresh("account.opened").toBuilder().subject("acc_1").build();
        Event deposit = ExampleEvents.fresh("deposit.made").toBuilder().subject("acc_1").build();
        Event other = ExampleEvents.fresh("deposit.made").toBuilder().subject("acc_2").build();
        publisher.publish(opened);
        publisher.publishAll(List.of(deposit, other, opened)); // opened again: a duplicate within the dedup window

        List<Message> received = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && received.size() < 3; attempt++) {
            List<Message> batch = clients.sqs().receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            received.addAll(batch);
            batch.forEach(message -> clients.sqs().deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
        }
        received.addAll(clients.sqs().receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());

        EventCodec codec = new EventCodec();
        assertThat(received).extracting(message -> codec.decode(message.body()).id())
                .containsExactlyInAnyOrder(opened.id(), deposit.id(), other.id());
        assertThat(received).allSatisfy(message -> assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(codec.decode(message.body()).subject()));
        List<String> acc1 = received.stream().map(message -> codec.decode(message.body()))
                .filter(event -> "acc_1".equals(event.subject())).map(Event::id).toList();
        assertThat(acc1).as("one group keeps publish order").containsExactly(opened.id(), deposit.id());
    }
}
