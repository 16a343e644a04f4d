package com.acme.orders.inventory;

import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class ReservingStockTest {

    private static RunningInventory inventory;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        inventory = RunningInventory.start(kafka, Map.of("INVENTORY_DEFAULT_STOCK", "7"));
    }

    @AfterAll
    static void stop() {
        inventory.close();
    }

    @Test
    void every_line_is_reserved_and_the_reply_names_the_command() {
        inventory.setStock("r1-a", 5);
        inventory.setStock("r1-b", 3);

        ReserveStock command = inventory.reserve(101, line("r1-a", 2), line("r1-b", 3));
        SagaReply reply = inventory.replyTo(command.messageId());

        assertThat(reply).isInstanceOf(StockReserved.class);
        assertThat(reply.orderId()).isEqualTo(101);
        assertThat(reply.causationId()).isEqualTo(command.messageId());
        assertStock("r1-a", 3, 2);
        assertStock("r1-b", 0, 3);
    }

    @Test
    void a_short_line_reserves_nothing_and_names_the_short_products() {
        inventory.setStock("r2-a", 5);
        inventory.setStock("r2-b", 1);
        inventory.setStock("r2-c", 0);

        ReserveStock command = inventory.reserve(102, line("r2-a", 2), line("r2-b", 2), line("r2-c", 1));
        SagaReply reply = inventory.replyTo(command.messageId());

        assertThat(reply).isInstanceOfSatisfying(StockUnavailable.class,
                unavailable -> assertThat(unavailable.productIds()).containsExactly("r2-b", "r2-c"));
        assertStock("r2-a", 5, 0);
        assertStock("r2-b", 1, 0);
        assertStock("r2-c", 0, 0);
        assertThat(inventory.count("SELECT count(*) FROM reservations WHERE order_id = 102")).isZero();
    }

    @Test
    void a_product_never_set_has_the_default_stock() {
        assertStock("r3-new", 7, 0);

        SagaReply tooMany = inventory.replyTo(inventory.reserve(103, line("r3-new", 8)).messageId());
        SagaReply all = inventory.replyTo(inventory.reserve(104, line("r3-new", 7)).messageId());

        assertThat(tooMany).isInstanceOf(StockUnavailable.class);
        assertThat(all).isInstanceOf(StockReserved.class);
        assertStock("r3-new", 0, 7);
    }

    @Test
    void releasing_gives_the_order_s_lines_back() {
        inventory.setStock("r4-a", 4);
        inventory.replyTo(inventory.reserve(105, line("r4-a", 3)).messageId());

        ReleaseStock release = inventory.release(105);
        SagaReply reply = inventory.replyTo(release.messageId());

        assertThat(reply).isInstanceOf(StockReleased.class);
        assertThat(reply.causationId()).isEqualTo(release.messageId());
        assertStock("r4-a", 4, 0);
    }

    @Test
    void a_release_before_any_reservation_is_answered_and_a_late_reservation_then_reserves_nothing() {
        inventory.setStock("r5-a", 4);

        SagaReply released = inventory.replyTo(inventory.release(106).messageId());
        SagaReply late = inventory.replyTo(inventory.reserve(106, line("r5-a", 1)).messageId());

        assertThat(released).isInstanceOf(StockReleased.class);
        assertThat(late).isInstanceOfSatisfying(StockUnavailable.class,
                unavailable -> assertThat(unavailable.productIds()).isEmpty());
        assertStock("r5-a", 4, 0);
    }

    @Test
    void a_second_reservation_for_the_same_order_reserves_nothing_more() {
        inventory.setStock("r6-a", 10);
        inventory.replyTo(inventory.reserve(107, line("r6-a", 4)).messageId());

        SagaReply again = inventory.replyTo(inventory.reserve(107, line("r6-a", 4)).messageId());

        assertThat(again).isInstanceOf(StockReserved.class);
        assertStock("r6-a", 6, 4);
    }

    @Test
    void setting_the_stock_keeps_what_is_reserved() {
        inventory.setStock("r7-a", 10);
        inventory.replyTo(inventory.reserve(108, line("r7-a", 4)).messageId());

        inventory.setStock("r7-a", 2);

        assertStock("r7-a", 2, 4);
    }

    private static void assertStock(String productId, int available, int reserved) {
        HttpJson.Response response = inventory.http.get("/stock/" + productId);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("productId").asText()).isEqualTo(productId);
        assertThat(response.json().get("available").asInt()).as("available of " + productId).isEqualTo(available);
        assertThat(response.json().get("reserved").asInt()).as("reserved of " + productId).isEqualTo(reserved);
    }
}
