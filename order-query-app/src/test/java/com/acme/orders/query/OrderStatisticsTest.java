package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/** Statistics come from the per-status totals kept with the rows, with money at two decimals. */
class OrderStatisticsTest {

    private RunningQueryApp app;

    @BeforeEach
    void start() {
        app = RunningQueryApp.start();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void without_orders_every_figure_is_zero() {
        HttpJson.Response response = app.http.get("/orders/statistics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("""
                {"totalOrders":0,"countByStatus":{"PENDING":0,"CONFIRMED":0,"PROCESSING":0,"SHIPPED":0,\
                "DELIVERED":0,"CANCELLED":0},"totalAmount":0.00,"averageAmount":0.00}""");
    }

    @Test
    void counts_and_amounts_are_read_from_the_totals_per_status() {
        app.readModel.statistics("PENDING", 2, "10.00");
        app.readModel.statistics("SHIPPED", 1, "0.01");

        HttpJson.Response response = app.http.get("/orders/statistics");
        JsonNode statistics = response.json();

        assertThat(statistics.get("totalOrders").asLong()).isEqualTo(3);
        assertThat(statistics.get("countByStatus").get("PENDING").asLong()).isEqualTo(2);
        assertThat(statistics.get("countByStatus").get("SHIPPED").asLong()).isEqualTo(1);
        assertThat(statistics.get("countByStatus").get("CANCELLED").asLong()).isEqualTo(0);
        assertThat(statistics.get("countByStatus").size()).isEqualTo(6);
        assertThat(ExactJson.decimal(response, "/totalAmount")).isEqualTo("10.01");
        assertThat(ExactJson.decimal(response, "/averageAmount")).as("10.01 / 3 = 3.3366…").isEqualTo("3.34");
    }

    @Test
    void the_average_rounds_half_up() {
        app.readModel.statistics("DELIVERED", 8, "0.20");

        HttpJson.Response response = app.http.get("/orders/statistics");

        assertThat(ExactJson.decimal(response, "/averageAmount")).as("0.20 / 8 = 0.025").isEqualTo("0.03");
    }

    @Test
    void the_figures_follow_the_orders_in_the_read_model() {
        app.readModel.save(
                order(1).amount("19.99"),
                order(2).amount("5.01").in("CONFIRMED"),
                order(3).amount("100.00").in("CONFIRMED"),
                order(4).amount("1000.00").deletedLater());
        app.readModel.save(order(2).amount("5.01").in("CONFIRMED").movedTo("PROCESSING"));

        HttpJson.Response response = app.http.get("/orders/statistics");
        JsonNode statistics = response.json();

        assertThat(statistics.get("totalOrders").asLong()).as("the deleted order does not count").isEqualTo(3);
        assertThat(statistics.at("/countByStatus/PENDING").asLong()).isEqualTo(1);
        assertThat(statistics.at("/countByStatus/CONFIRMED").asLong()).isEqualTo(1);
        assertThat(statistics.at("/countByStatus/PROCESSING").asLong()).isEqualTo(1);
        assertThat(ExactJson.decimal(response, "/totalAmount")).isEqualTo("125.00");
        assertThat(ExactJson.decimal(response, "/averageAmount")).isEqualTo("41.67");
    }
}
