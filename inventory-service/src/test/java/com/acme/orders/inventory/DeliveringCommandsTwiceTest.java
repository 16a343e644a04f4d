package com.acme.orders.inventory;

import com.acme.orders.events.saga.ReleaseStock;
import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReleased;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class DeliveringCommandsTwiceTest {

    @Test
    void every_command_delivered_twice_takes_effect_once_and_is_answered_once(LocalKafkaBroker kafka) {
        try (RunningInventory inventory = RunningInventory.start(kafka)) {
            inventory.setStock("twice", 10);
            ReserveStock reserve = new ReserveStock(UUID.randomUUID(), 201, Instant.now(), List.of(line("twice", 3)));
            ReleaseStock release = new ReleaseStock(UUID.randomUUID(), 202, Instant.now());
            ReserveStock other = new ReserveStock(UUID.randomUUID(), 202, Instant.now(), List.of(line("twice", 2)));

            inventory.wire.send(inventory.commandsTopic(), reserve);
            inventory.wire.send(inventory.commandsTopic(), reserve);
            inventory.wire.send(inventory.commandsTopic(), other);
            inventory.wire.send(inventory.commandsTopic(), other);
            inventory.wire.send(inventory.commandsTopic(), release);
            inventory.wire.send(inventory.commandsTopic(), release);
            inventory.replies(3);
            List<SagaReply> replies = inventory.wire.allReplies(inventory.repliesTopic(), Duration.ofSeconds(2));

            assertThat(replies).hasSize(3);
            assertThat(replies).filteredOn(r -> r.causationId().equals(reserve.messageId()))
                    .singleElement().isInstanceOf(StockReserved.class);
            assertThat(replies).filteredOn(r -> r.causationId().equals(release.messageId()))
                    .singleElement().isInstanceOf(StockReleased.class);
            assertThat(inventory.http.get("/stock/twice").json().get("available").asInt())
                    .as("3 reserved by order 201; order 202's 2 reserved and released").isEqualTo(7);
            assertThat(inventory.http.get("/stock/twice").json().get("reserved").asInt()).isEqualTo(3);
            assertThat(inventory.count("SELECT count(*) FROM inbox")).isEqualTo(3);
            assertThat(inventory.http.get("/metrics").text())
                    .contains("participant_commands_duplicate_total{app=\"inventory-service\"} 3.0");
        }
    }
}
