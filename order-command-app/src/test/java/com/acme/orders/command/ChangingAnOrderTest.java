package com.acme.orders.command;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class ChangingAnOrderTest {

    private static RunningCommandApp app;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void an_order_walks_its_whole_life_one_version_per_step() {
        long id = create();

        for (String status : List.of("CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED")) {
            HttpJson.Response response = setStatus(id, status);
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            assertThat(response.field("status")).isEqualTo(status);
        }

        HttpJson.Response last = app.http.delete("/orders/" + id);
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.json().get("version").asLong()).isEqualTo(6);
        assertThat(last.json().get("deleted").asBoolean()).isTrue();
        assertThat(last.header("ETag")).contains("\"6\"");
        assertThat(last.header("Consistency-Token")).contains(id + ":6");
        assertThat(app.strings("SELECT type || ':' || version FROM order_events WHERE order_id = " + id
                + " ORDER BY version"))
                .containsExactly("OrderCreated:1", "OrderStatusUpdated:2", "OrderStatusUpdated:3",
                        "OrderStatusUpdated:4", "OrderStatusUpdated:5", "OrderDeleted:6");
    }

    @Test
    void each_answer_carries_the_new_version_as_etag_and_token() {
        long id = create();

        HttpJson.Response confirmed = setStatus(id, "CONFIRMED");

        assertThat(confirmed.json().get("version").asLong()).isEqualTo(2);
        assertThat(confirmed.header("ETag")).contains("\"2\"");
        assertThat(confirmed.header("Consistency-Token")).contains(id + ":2");
    }

    @Test
    void a_matching_if_match_is_accepted() {
        long id = create();

        HttpJson.Response response = app.http.put("/orders/" + id + "/status", "{\"status\": \"CANCELLED\"}",
                "If-Match", "\"1\"");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.field("status")).isEqualTo("CANCELLED");
    }

    @Test
    void setting_the_current_status_again_is_harmless() {
        long id = create();
        setStatus(id, "CONFIRMED");

        HttpJson.Response again = setStatus(id, "CONFIRMED");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(2);
        assertThat(app.count("SELECT count(*) FROM order_events WHERE order_id = " + id)).isEqualTo(2);
    }

    @Test
    void an_order_in_fulfilment_cannot_be_deleted() {
        long id = create();
        setStatus(id, "CONFIRMED");

        HttpJson.Response response = app.http.delete("/orders/" + id);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.field("detail")).contains("cannot be deleted in status CONFIRMED");
    }

    @Test
    void a_deleted_order_answers_410_to_every_later_command() {
        long id = create();
        app.http.delete("/orders/" + id);

        HttpJson.Response update = setStatus(id, "CONFIRMED");
        HttpJson.Response deleteAgain = app.http.delete("/orders/" + id);

        assertThat(update.status()).isEqualTo(410);
        assertThat(update.field("detail")).contains("was deleted");
        assertThat(deleteAgain.status()).isEqualTo(410);
        assertThat(app.count("SELECT count(*) FROM order_events WHERE order_id = " + id)).isEqualTo(2);
    }

    private static long create() {
        return Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
    }

    private static HttpJson.Response setStatus(long id, String status) {
        return app.http.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");
    }
}
