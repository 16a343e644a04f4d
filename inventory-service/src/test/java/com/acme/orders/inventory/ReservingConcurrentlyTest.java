package com.acme.orders.inventory;

import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.inventory.reservation.Reservations;
import com.acme.orders.inventory.stock.StockLevels;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class ReservingConcurrentlyTest {

    @Test
    void a_hundred_orders_for_ten_units_across_two_instances_reserve_exactly_ten(LocalKafkaBroker kafka)
            throws Exception {
        try (RunningInventory inventory = RunningInventory.start(kafka)) {
            inventory.startAnotherInstance();
            inventory.setStock("scarce", 10);

            // Sent from 8 threads at once; order ids spread over every partition, so both instances reserve at once.
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (long orderId = 1; orderId <= 100; orderId++) {
                long id = orderId;
                sent.add(senders.submit(() -> inventory.wire.send(inventory.commandsTopic(),
                        new ReserveStock(UUID.randomUUID(), id, Instant.now(), List.of(line("scarce", 1))))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            senders.shutdown();
            List<SagaReply> replies = inventory.replies(100);

            assertThat(replies).hasSize(100);
            assertThat(replies.stream().filter(StockReserved.class::isInstance)).hasSize(10);
            assertThat(replies.stream().filter(StockUnavailable.class::isInstance)).hasSize(90);
            assertThat(replies.stream().map(SagaReply::orderId).distinct()).hasSize(100);
            assertThat(inventory.http.get("/stock/scarce").json().get("available").asInt()).isZero();
            assertThat(inventory.http.get("/stock/scarce").json().get("reserved").asInt()).isEqualTo(10);
            assertThat(inventory.count("SELECT count(*) FROM reservations WHERE status = 'RESERVED'")).isEqualTo(10);
            assertThat(inventory.count("SELECT count(*) FROM stock WHERE available < 0 OR reserved < 0")).isZero();
        }
    }

    @Test
    void reservations_racing_in_sixteen_transactions_never_oversell(LocalKafkaBroker kafka) throws Exception {
        try (RunningInventory inventory = RunningInventory.start(kafka)) {
            inventory.setStock("raced-a", 10);
            inventory.setStock("raced-b", 10);
            Reservations reservations = new Reservations(new StockLevels(1000));

            // Straight at the database, no consumer in between: 100 transactions, 16 at a time, two products each
            // (listed in both orders, so a lock taken in line order would deadlock).
            ExecutorService workers = Executors.newFixedThreadPool(16);
            List<Future<SagaReply>> results = new ArrayList<>();
            for (long orderId = 1; orderId <= 100; orderId++) {
                List<ReserveStock.Line> lines = orderId % 2 == 0
                        ? List.of(line("raced-a", 1), line("raced-b", 1))
                        : List.of(line("raced-b", 1), line("raced-a", 1));
                ReserveStock command = new ReserveStock(UUID.randomUUID(), orderId, Instant.now(), lines);
                results.add(workers.submit(() -> inventory.jdbi.inTransaction(handle ->
                        reservations.apply(handle, command, Instant.now()))));
            }
            List<SagaReply> replies = new ArrayList<>();
            for (Future<SagaReply> result : results) {
                replies.add(result.get());
            }
            workers.shutdown();

            assertThat(replies.stream().filter(StockReserved.class::isInstance)).hasSize(10);
            assertThat(replies.stream().filter(StockUnavailable.class::isInstance)).hasSize(90);
            assertThat(inventory.count("SELECT available FROM stock WHERE product_id = 'raced-a'")).isZero();
            assertThat(inventory.count("SELECT reserved FROM stock WHERE product_id = 'raced-b'")).isEqualTo(10);
        }
    }

    @Test
    void the_database_refuses_negative_stock_whatever_the_code_does(LocalKafkaBroker kafka) {
        try (RunningInventory inventory = RunningInventory.start(kafka, Map.of())) {
            inventory.setStock("guarded", 1);

            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> inventory.jdbi.useHandle(handle ->
                    handle.execute("UPDATE stock SET available = available - 2 WHERE product_id = 'guarded'")));

            assertThat(refused).hasMessageContaining("stock_available_check");
        }
    }
}
