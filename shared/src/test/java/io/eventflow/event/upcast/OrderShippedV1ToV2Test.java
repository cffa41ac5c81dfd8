package io.eventflow.event.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.Upcasters;
import io.eventflow.testing.ExampleEvents;
import org.junit.jupiter.api.Test;

class OrderShippedV1ToV2Test {

    @Test
    void aV1EventUpcastIsAValidV2EventWithTheSameFactsAndNoInventedOnes() {
        Event v1 = ExampleEvents.example("order.shipped");

        Event v2 = Upcasters.bundled().upcast(v1, 1, 2).orElseThrow();

        assertThat(v2.dataSchema()).isEqualTo(EventTypeRegistry.schemaUri("order.shipped", 2));
        assertThat(v2.data()).isEqualTo(v1.data());
        assertThat(v2.data().has("items")).isFalse();
        assertThat(v2.data().has("estimated_delivery")).isFalse();
        assertThat(v2.toBuilder().dataSchema(v1.dataSchema()).build()).isEqualTo(v1);
        assertThatNoException().isThrownBy(() -> new EventValidator(EventTypeRegistry.fromClasspath()).validate(v2));
    }

    @Test
    void theStepIsPureTheInputIsLeftAsItWas() {
        Event v1 = ExampleEvents.example("order.shipped");
        var data = v1.data();

        new OrderShippedV1ToV2().upcast(v1.data());

        assertThat(v1.data()).isEqualTo(data);
        assertThat(Upcasters.bundled().covers("order.shipped", 1, 2)).isTrue();
        assertThat(Upcasters.bundled().covers("order.shipped", 1, 3)).isFalse();
        assertThat(Upcasters.bundled().upcast(v1, 1, 3)).isEmpty();
        assertThat(Upcasters.bundled().upcast(v1, 1, 1)).containsSame(v1);
    }
}
