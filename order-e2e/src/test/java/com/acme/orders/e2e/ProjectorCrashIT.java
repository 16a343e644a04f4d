package com.acme.orders.e2e;

import com.acme.orders.events.OrderStatus;

import com.acme.orders.localrun.SupervisedProcess;
import com.acme.orders.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projector killed with SIGKILL in the middle of a stream of 100,000 events, then restarted by the
 * supervisor: afterwards the read model equals the write model order by order, with every event applied
 * exactly once.
 *
 * <p>The 50,000 orders (each placed and confirmed) are written into the event store and the outbox with SQL, as
 * the command app would have stored them, so the relay and the projector see a full stream in seconds rather
 * than after 100,000 HTTP requests; the end-to-end story test covers the HTTP path with a kill of its own.
 */
class ProjectorCrashIT {

    private static final int ORDERS = 50_000;
    private static final long EVENTS = 2L * ORDERS;

    private RunningProcesses system;

    @BeforeEach
    void start() {
        system = RunningProcesses.start();
    }

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_projector_killed_mid_stream_of_100_000_events_loses_and_doubles_nothing() {
        SupervisedProcess projector = system.supervisor.process("projector");
        projector.stop(Duration.ofSeconds(20));
        storePlacedAndConfirmedOrders();
        Await.until(() -> outbox() == 0, Duration.ofMinutes(2));

        projector.start();
        long killedPid = system.pid("projector");
        Await.until(() -> appliedEvents() >= 30_000, Duration.ofMinutes(2));
        projector.process().orElseThrow().toHandle().destroyForcibly();
        long appliedWhenKilled = appliedEvents();

        system.awaitReadModelEqualsWriteModel(Duration.ofMinutes(3));
        assertThat(appliedWhenKilled).as("killed mid-stream").isLessThan(EVENTS);
        assertThat(system.pid("projector")).as("restarted by the supervisor").isNotEqualTo(killedPid);
        assertThat(system.readModel()).hasSize(ORDERS);
        assertThat(appliedEvents()).as("every event applied once: the versions add up").isEqualTo(EVENTS);
    }

    /** Orders 1 … 50,000, each created (2 × 3.50) and confirmed: rows, events and outbox entries. */
    private void storePlacedAndConfirmedOrders() {
        system.writeJdbi().useTransaction(handle -> {
            handle.execute("SELECT setval('orders_id_seq', ?)", 10L * ORDERS);
            handle.execute("""
                    INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at, shipping_address,
                                        version)
                    SELECT o, 1 + o % 50, 7.00, 'CONFIRMED', now(), now(), 'Street ' || o, 2
                    FROM generate_series(1, ?) o""", ORDERS);
            handle.execute("""
                    INSERT INTO order_items (order_id, line, product_id, quantity, unit_price)
                    SELECT o, 1, 'SKU-' || o % 7, 2, 3.50 FROM generate_series(1, ?) o""", ORDERS);
            handle.execute("""
                    WITH stored AS (
                        INSERT INTO order_events (event_id, order_id, version, type, schema_version, payload, occurred_at)
                        SELECT gen_random_uuid(), o, v,
                               CASE v WHEN 1 THEN 'OrderCreated' ELSE 'OrderStatusUpdated' END,
                               CASE v WHEN 1 THEN 2 ELSE 1 END,
                               CASE v WHEN 1 THEN jsonb_build_object('userId', 1 + o % 50,
                                                      'items', jsonb_build_array(jsonb_build_object(
                                                          'productId', 'SKU-' || o % 7, 'quantity', 2, 'unitPrice', 3.50)),
                                                      'totalAmount', 7.00, 'shippingAddress', 'Street ' || o,
                                                      'notes', null)
                                      ELSE '{"oldStatus": "PENDING", "newStatus": "CONFIRMED"}'::jsonb END,
                               now()
                        FROM generate_series(1, ?) o CROSS JOIN generate_series(1, 2) v
                        ORDER BY o, v
                        RETURNING position)
                    INSERT INTO outbox (position) SELECT position FROM stored""", ORDERS);
        });
    }

    private long outbox() {
        return system.writeJdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox")
                .mapTo(Long.class).one());
    }

    /** Events the read model reflects: an order at version n has had n events applied. */
    private long appliedEvents() {
        return system.readJdbi().withHandle(handle -> handle.createQuery(
                "SELECT coalesce(sum(version), 0) FROM order_read_models").mapTo(Long.class).one());
    }
}
