package io.eventflow.local.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which consumers get which types, from the subscriptions' filter policies. */
class TemplateSubscriptionsTest {

    private static final Path ROOT = Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();

    @Test
    void theProjectTemplateRoutesEachTypeToItsConsumers() {
        Map<String, List<String>> consumers = TemplateSubscriptions.consumersByType(SamTemplate.read(ROOT.resolve("template.yaml")),
                List.of("order.shipped", "deposit.made", "order.created", "not.routed.anywhere.special"));

        assertThat(consumers).containsEntry("order.shipped", List.of("notifier", "analytics", "archiver"))
                .containsEntry("deposit.made", List.of("analytics", "ledger", "archiver"))
                .containsEntry("order.created", List.of("analytics", "archiver"))
                .containsEntry("not.routed.anywhere.special", List.of("analytics", "archiver"));
    }

    @Test
    void aPrefixMatchesAndAnOperatorItDoesNotReadIsAnError(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, subscription("{prefix: account.}"));
        assertThat(TemplateSubscriptions.consumersByType(SamTemplate.read(template), List.of("account.opened", "order.shipped")))
                .containsEntry("account.opened", List.of("ledger")).containsEntry("order.shipped", List.of());

        Files.writeString(template, subscription("{anything-but: [order.shipped]}"));
        assertThatThrownBy(() -> TemplateSubscriptions.consumersByType(SamTemplate.read(template), List.of("order.shipped")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LedgerSubscription: FilterPolicy operator {anything-but=[order.shipped]} on 'type' is not read");
    }

    private static String subscription(String condition) {
        return """
                Resources:
                  LedgerQueue:
                    Type: AWS::SQS::Queue
                  LedgerSubscription:
                    Type: AWS::SNS::Subscription
                    Properties:
                      Endpoint: !GetAtt LedgerQueue.Arn
                      FilterPolicy:
                        type: [%s]
                  LedgerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt LedgerQueue.Arn
                """.formatted(condition);
    }
}
