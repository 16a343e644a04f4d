package com.acme.orders.platform.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An order's events survive the archive format unchanged, and take a fraction of their size there. */
class ArchiveBlobTest {

    @Test
    void every_field_of_every_event_comes_back_as_it_went_in() {
        List<RecordedEvent> events = deliveredOrder(4711);

        List<RecordedEvent> decoded = ArchiveBlob.decode(4711, ArchiveBlob.encode(events).compressed());

        assertThat(decoded).isEqualTo(events);
    }

    @Test
    void a_delivered_order_s_events_shrink_to_less_than_a_third_of_their_text() {
        List<RecordedEvent> events = deliveredOrder(4711);
        int text = events.stream().mapToInt(e -> e.payloadJson().length() + e.type().length()
                + e.eventId().toString().length() + e.occurredAt().toString().length()).sum();

        ArchiveBlob.Encoded encoded = ArchiveBlob.encode(events);

        assertThat(encoded.compressed().length).isLessThan(text / 3);
    }

    @Test
    void a_blob_of_an_unknown_format_is_refused_with_the_order_named() {
        byte[] blob = ArchiveBlob.encode(deliveredOrder(1)).compressed();
        blob[0] = 9;

        assertThatThrownBy(() -> ArchiveBlob.decode(1, blob)).hasMessageContaining("order 1")
                .hasMessageContaining("unknown archive format 9");
    }

    static List<RecordedEvent> deliveredOrder(long orderId) {
        Instant at = Instant.parse("2025-03-01T10:15:30.123456Z");
        List<RecordedEvent> events = new ArrayList<>();
        events.add(new RecordedEvent(1000 + orderId, UUID.randomUUID(), orderId, 1, "OrderCreated", 2, """
                {"items": [{"quantity": 2, "productId": "SKU-17", "unitPrice": 19.99}, {"quantity": 1, "productId": \
                "SKU-2", "unitPrice": 5.00}], "notes": "ring twice", "userId": 812, "totalAmount": 44.98, \
                "shippingAddress": "Street 4711"}""", at, true));
        String[] statuses = {"PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"};
        for (int i = 1; i < statuses.length; i++) {
            events.add(new RecordedEvent(2000 + orderId * 10 + i, UUID.randomUUID(), orderId, i + 1,
                    "OrderStatusUpdated", 1, "{\"newStatus\": \"" + statuses[i] + "\", \"oldStatus\": \""
                    + statuses[i - 1] + "\"}", at.plusSeconds(3600L * i), true));
        }
        return events;
    }
}
