package com.acme.orders.command;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.verify.ReplayVerifier;
import com.acme.orders.events.EventCodec;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static com.acme.orders.command.RunningCommandApp.anOrder;
import static org.assertj.core.api.Assertions.assertThat;

/** Replaying the event store rebuilds the write model exactly; any drift is found and named. */
@ExtendWith(SharedKafka.class)
class ReplayVerificationTest {

    private RunningCommandApp app;
    private ReplayVerifier verifier;
    private final List<Long> ids = new ArrayList<>();

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        app = RunningCommandApp.start(kafka);
        verifier = new ReplayVerifier(app.jdbi, new EventStore(new EventCodec()));
        String[][] lives = {{}, {"CONFIRMED"}, {"CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"}, {"CANCELLED"}};
        for (int i = 0; i < 12; i++) {
            long id = Long.parseLong(app.http.post("/orders", anOrder()).field("id"));
            for (String status : lives[i % lives.length]) {
                app.http.put("/orders/" + id + "/status", "{\"status\": \"" + status + "\"}");
            }
            if (i % 4 == 3) {
                app.http.delete("/orders/" + id);
            }
            ids.add(id);
        }
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void replaying_every_order_reproduces_the_write_model() {
        ReplayVerifier.Report report = verifier.verify(line -> { });

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.consistent()).isTrue();
        assertThat(report.ordersReplayed()).isEqualTo(12);
        assertThat(report.eventsReplayed()).isEqualTo(app.count("SELECT count(*) FROM order_events"));
        assertThat(CommandApp.verify(app.config)).as("exit status of `verify`").isZero();
    }

    @Test
    void a_row_that_drifted_from_its_history_is_reported_with_the_field() {
        long drifted = ids.get(2);
        long missingLine = ids.get(5);
        app.jdbi.useHandle(handle -> {
            handle.execute("UPDATE orders SET status = 'PENDING', total_amount = 1.00 WHERE id = ?", drifted);
            handle.execute("DELETE FROM order_items WHERE order_id = ? AND line = 2", missingLine);
            handle.execute("""
                    INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address, version)
                    VALUES (9999, 1, 0, 'PENDING', now(), now(), 'x', 1)""");
        });

        ReplayVerifier.Report report = verifier.verify(line -> { });

        assertThat(report.consistent()).isFalse();
        assertThat(report.mismatchCount()).isEqualTo(3);
        assertThat(report.mismatches()).anySatisfy(m -> {
            assertThat(m.orderId()).isEqualTo(drifted);
            assertThat(m.reason()).contains("status is PENDING but the events say DELIVERED")
                    .contains("totalAmount is 1.00 but the events say 44.98");
        });
        assertThat(report.mismatches()).anySatisfy(m -> {
            assertThat(m.orderId()).isEqualTo(missingLine);
            assertThat(m.reason()).startsWith("items is [OrderLine[productId=SKU-1");
        });
        assertThat(report.mismatches()).anySatisfy(m -> {
            assertThat(m.orderId()).isEqualTo(9999);
            assertThat(m.reason()).isEqualTo("has a row in orders but no events");
        });
        assertThat(CommandApp.verify(app.config)).isEqualTo(1);
    }

    @Test
    void an_order_whose_history_has_a_gap_is_reported() {
        long id = ids.get(2);
        app.jdbi.useHandle(handle -> handle.execute("DELETE FROM order_events WHERE order_id = ? AND version = 3", id));

        ReplayVerifier.Report report = verifier.verify(line -> { });

        assertThat(report.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.orderId()).isEqualTo(id);
            assertThat(m.reason()).contains("cannot apply version 4");
        });
    }
}
