package com.acme.orders.projector.project;

import com.acme.orders.events.OrderCancelledEvent;
import com.acme.orders.events.OrderCreatedEvent;
import com.acme.orders.events.OrderEventEnvelope;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order the service cancelled (its saga gave up) is CANCELLED in the read model too, at the event's version,
 * with the event's reason.
 */
class ProjectingACancelWithAReasonTest {

    @Test
    void an_order_cancelled_event_moves_the_row_to_cancelled_at_its_version() {
        Instant placedAt = Instant.parse("2026-11-30T10:00:00Z");
        OrderEventEnvelope created = new OrderEventEnvelope(UUID.randomUUID(), 5, 1, placedAt, new OrderCreatedEvent(42,
                List.of(new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("19.99"))), new BigDecimal("39.98"),
                "1 Main St", null));
        OrderEventEnvelope cancelled = new OrderEventEnvelope(UUID.randomUUID(), 5, 2, placedAt.plusSeconds(3),
                new OrderCancelledEvent("PENDING", "out of stock: SKU-1"));

        OrderRow row = OrderRow.replay(List.of(created, cancelled)).orElseThrow();

        assertThat(row.status()).isEqualTo("CANCELLED");
        assertThat(row.version()).isEqualTo(2);
        assertThat(row.updatedAt()).isEqualTo(placedAt.plusSeconds(3));
        assertThat(row.cancellationReason()).isEqualTo("out of stock: SKU-1");
        assertThat(OrderRow.created(created).cancellationReason()).isNull();
    }
}
