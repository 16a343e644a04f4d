package com.acme.orders.localrun;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What `make demo` reads from GET /orders/{id}/saga and which status changes it leaves to PUTs. */
class SagaDemoTest {

    @Test
    void with_sagas_on_the_saga_confirms_and_the_demo_puts_only_the_rest_of_the_walk() {
        List<String> delivered = List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED");

        assertThat(SagaDemo.statusesToPut(delivered, true)).containsExactly("PROCESSING", "SHIPPED", "DELIVERED");
        assertThat(SagaDemo.waitsForItsSaga(delivered, true)).isTrue();
        assertThat(SagaDemo.statusesToPut(List.of("CONFIRMED"), true)).isEmpty();
    }

    @Test
    void with_sagas_off_every_status_is_a_put_as_before() {
        List<String> delivered = List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED");

        assertThat(SagaDemo.statusesToPut(delivered, false)).isEqualTo(delivered);
        assertThat(SagaDemo.waitsForItsSaga(delivered, false)).isFalse();
    }

    @Test
    void a_customer_cancel_or_no_change_needs_no_saga_outcome() {
        assertThat(SagaDemo.statusesToPut(List.of("CANCELLED"), true)).containsExactly("CANCELLED");
        assertThat(SagaDemo.waitsForItsSaga(List.of("CANCELLED"), true)).isFalse();
        assertThat(SagaDemo.waitsForItsSaga(List.of(), true)).isFalse();
    }

    @Test
    void the_outcome_is_the_sagas_step() throws IOException {
        assertThat(SagaDemo.outcome(200, "{\"orderId\":1,\"step\":\"CONFIRMED\"}")).isEqualTo(SagaDemo.Outcome.CONFIRMED);
        assertThat(SagaDemo.outcome(200, "{\"step\":\"COMPENSATING\"}")).isEqualTo(SagaDemo.Outcome.CANCELLED);
        assertThat(SagaDemo.outcome(200, "{\"step\":\"CANCELLED\"}")).isEqualTo(SagaDemo.Outcome.CANCELLED);
        assertThat(SagaDemo.outcome(200, "{\"step\":\"RESERVING_STOCK\"}")).isEqualTo(SagaDemo.Outcome.RUNNING);
        assertThat(SagaDemo.outcome(200, "{\"step\":\"AUTHORIZING_PAYMENT\"}")).isEqualTo(SagaDemo.Outcome.RUNNING);
        assertThat(SagaDemo.outcome(404, "{\"type\":\"saga-not-found\"}")).isEqualTo(SagaDemo.Outcome.NO_SAGA);
        assertThatThrownBy(() -> SagaDemo.outcome(500, "boom")).hasMessageContaining("500");
    }
}
