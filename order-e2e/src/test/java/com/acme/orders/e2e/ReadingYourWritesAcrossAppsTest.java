package com.acme.orders.e2e;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that sends back the command's Consistency-Token sees its write at once, through every app. */
@ExtendWith(SharedKafka.class)
class ReadingYourWritesAcrossAppsTest {

    private static final String ORDER = """
            {"userId": 42, "items": [{"productId": "SKU-1", "quantity": 2, "unitPrice": 19.99}],
             "shippingAddress": "1 Main St"}""";

    private static InProcessSystem system;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        system = new InProcessSystem(kafka);
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void the_query_right_after_a_create_sees_the_order_when_it_sends_the_token() {
        HttpJson.Response created = system.commands.post("/orders", ORDER);
        String token = created.header("Consistency-Token").orElseThrow();

        HttpJson.Response read = system.queries.get("/orders/" + created.field("id"), "Consistency-Token", token);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Consistency-Status")).contains("consistent");
        assertThat(read.json().get("version").asLong()).isEqualTo(1);
        assertThat(read.json().get("totalAmount").decimalValue()).isEqualByComparingTo("39.98");
    }

    @Test
    void each_change_is_visible_to_the_next_query_that_carries_its_token() {
        String id = system.commands.post("/orders", ORDER).field("id");
        for (String status : new String[]{"CONFIRMED", "PROCESSING", "SHIPPED"}) {
            HttpJson.Response changed = system.commands.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");

            HttpJson.Response list = system.queries.get("/orders/status/" + status, "Consistency-Token",
                    changed.header("Consistency-Token").orElseThrow());

            assertThat(list.header("Consistency-Status")).contains("consistent");
            assertThat(list.json().get("orders")).anySatisfy(order -> {
                assertThat(order.get("id").asText()).isEqualTo(id);
                assertThat(order.get("status").asText()).isEqualTo(status);
            });
        }
        assertThat(system.commands.delete("/orders/" + id).status()).as("a shipped order cannot be deleted")
                .isEqualTo(409);
        assertThat(system.queries.get("/orders/" + id).field("status")).isEqualTo("SHIPPED");
    }

    @Test
    void a_deleted_order_is_gone_from_the_query_side_too() {
        String id = system.commands.post("/orders", ORDER).field("id");
        HttpJson.Response deleted = system.commands.delete("/orders/" + id);

        HttpJson.Response read = system.queries.get("/orders/" + id, "Consistency-Token",
                deleted.header("Consistency-Token").orElseThrow());

        assertThat(read.status()).isEqualTo(410);
        assertThat(read.header("Consistency-Status")).contains("consistent");
    }
}
