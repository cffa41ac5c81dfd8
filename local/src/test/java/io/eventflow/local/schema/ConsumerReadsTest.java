package io.eventflow.local.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.ReadVersions;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.local.template.SamTemplate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The versions each consumer declares in its handler, as the catalog reads them, against what it is subscribed to. */
class ConsumerReadsTest {

    private static final Path ROOT = Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize();
    private static final SamTemplate TEMPLATE = SamTemplate.read(ROOT.resolve("template.yaml"));

    @Test
    void everyEventConsumerDeclaresWhatItReadsAndTheNotifierReadsOrderShippedUpToV2() {
        Map<String, ReadVersions> reads = ConsumerReads.of(TEMPLATE);

        assertThat(reads).containsOnlyKeys("notifier", "analytics", "ledger", "archiver");
        assertThat(reads.get("notifier").newest("order.shipped")).hasValue(2);
        assertThat(reads.get("archiver").readsAsWritten()).isTrue();
        assertThat(reads.get("analytics").readsAsWritten()).isTrue();
        assertThat(ConsumerReads.describe(reads.get("notifier"), "order.shipped")).isEqualTo("v1–v2, seen as v2");
        assertThat(ConsumerReads.describe(reads.get("notifier"), "user.signed_up")).isEqualTo("v1");
        assertThat(ConsumerReads.describe(reads.get("ledger"), "order.shipped")).contains("unsupported-version");
    }

    @Test
    void everyTypeAConsumerIsSubscribedToIsOneItDeclares() {
        EventTypeRegistry registry = EventTypeRegistry.fromClasspath();
        Map<String, ReadVersions> reads = ConsumerReads.of(TEMPLATE);
        List<String> undeclared = new ArrayList<>();
        TemplateSubscriptions.consumersByType(TEMPLATE, registry.types()).forEach((type, consumers) -> consumers.forEach(consumer -> {
            ReadVersions declared = reads.get(consumer);
            if (!declared.readsAsWritten() && declared.newest(type).isEmpty()) {
                undeclared.add(consumer + " gets " + type);
            }
        }));

        assertThat(undeclared).isEmpty();
    }
}
