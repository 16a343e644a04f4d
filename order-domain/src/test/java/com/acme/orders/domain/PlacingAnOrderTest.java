package com.acme.orders.domain;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.events.OrderCreatedEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacingAnOrderTest {

    @Test
    void a_new_order_is_pending_at_version_1_with_the_total_of_its_lines() {
        Change change = Order.create(7, OrderFixtures.createCommand(), OrderFixtures.T0);

        Order order = change.order();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.version()).isEqualTo(1);
        assertThat(order.totalAmount()).isEqualTo(new BigDecimal("44.98"));
        assertThat(order.createdAt()).isEqualTo(OrderFixtures.T0).isEqualTo(order.updatedAt());
        assertThat(order.isDeleted()).isFalse();
    }

    @Test
    void placing_records_one_created_event_carrying_everything_the_read_side_needs() {
        Change change = Order.create(7, OrderFixtures.createCommand(), OrderFixtures.T0);

        assertThat(change.events()).singleElement().satisfies(event -> {
            assertThat(event.orderId()).isEqualTo(7);
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.occurredAt()).isEqualTo(OrderFixtures.T0);
            assertThat(event.payload()).isEqualTo(new OrderCreatedEvent(42, List.of(
                    new OrderCreatedEvent.Item("SKU-1", 2, new BigDecimal("19.99")),
                    new OrderCreatedEvent.Item("SKU-2", 1, new BigDecimal("5.00"))),
                    new BigDecimal("44.98"), "1 Main St", "leave at the door"));
        });
    }

    @Test
    void money_is_exact_decimal_arithmetic() {
        CreateOrderCommand command = new CreateOrderCommand(1, List.of(
                new OrderLine("A", 3, new BigDecimal("0.10")),
                new OrderLine("B", 10_000, new BigDecimal("999999.99"))), "x", null);

        Order order = Order.create(1, command, OrderFixtures.T0).order();

        assertThat(order.totalAmount()).isEqualTo(new BigDecimal("9999999900.30"));
    }

    @Test
    void a_line_refuses_bad_quantities_and_prices_naming_the_field() {
        assertInvalid(() -> new OrderLine("A", -1, BigDecimal.ONE), "quantity", "must be positive, was -1");
        assertInvalid(() -> new OrderLine("A", 0, BigDecimal.ONE), "quantity", "must be positive, was 0");
        assertInvalid(() -> new OrderLine("A", 10_001, BigDecimal.ONE), "quantity", "must be at most 10000");
        assertInvalid(() -> new OrderLine("A", 1, new BigDecimal("-0.01")), "unitPrice", "must not be negative");
        assertInvalid(() -> new OrderLine("A", 1, new BigDecimal("1.001")), "unitPrice", "at most 2 decimals");
        assertInvalid(() -> new OrderLine("A", 1, new BigDecimal("1e30")), "unitPrice", "must be at most");
        assertInvalid(() -> new OrderLine("A", 1, null), "unitPrice", "is required");
        assertInvalid(() -> new OrderLine(" ", 1, BigDecimal.ONE), "productId", "must not be blank");
        assertInvalid(() -> new OrderLine("A".repeat(65), 1, BigDecimal.ONE), "productId", "at most 64");
        assertInvalid(() -> new OrderLine("A\u0000B", 1, BigDecimal.ONE), "productId", "control characters");
        assertInvalid(() -> new OrderLine("A\uD800", 1, BigDecimal.ONE), "productId", "surrogate");
    }

    @Test
    void an_order_needs_a_customer_and_items_and_a_given_address_must_be_text() {
        List<OrderLine> one = List.of(new OrderLine("A", 1, BigDecimal.ONE));

        assertInvalid(() -> new CreateOrderCommand(0, one, "x", null), "userId", "positive");
        assertInvalid(() -> new CreateOrderCommand(1, List.of(), "x", null), "items", "at least one item");
        assertInvalid(() -> new CreateOrderCommand(1, null, "x", null), "items", "is required");
        assertInvalid(() -> new CreateOrderCommand(1, Collections.nCopies(101, one.get(0)), "x", null),
                "items", "at most 100");
        assertInvalid(() -> new CreateOrderCommand(1, one, "   ", null), "shippingAddress", "must not be blank");
        assertInvalid(() -> new CreateOrderCommand(1, one, "", null), "shippingAddress", "must not be blank");
        assertInvalid(() -> new CreateOrderCommand(1, one, "a".repeat(501), null), "shippingAddress", "at most 500");
        assertInvalid(() -> new CreateOrderCommand(1, one, "a\u0007b", null), "shippingAddress", "control characters");
        assertInvalid(() -> new CreateOrderCommand(1, one, "x", "n".repeat(2001)), "notes", "at most 2000");
        assertThat(new CreateOrderCommand(1, one, "x", "emoji 📦 and ümlauts\nsecond line").notes())
                .contains("📦");
    }

    @Test
    void an_order_without_an_address_is_placed_for_digital_goods_or_pickup() {
        CreateOrderCommand pickup = new CreateOrderCommand(1, List.of(new OrderLine("EBOOK-7", 1, BigDecimal.ONE)),
                null, null);

        Change change = Order.create(1, pickup, Instant.parse("2026-11-25T10:00:00Z"));

        assertThat(change.order().shippingAddress()).isNull();
        assertThat(((OrderCreatedEvent) change.events().get(0).payload()).shippingAddress()).isNull();
    }

    private static void assertInvalid(Runnable construction, String field, String reason) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidCommand.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                });
    }
}
