package com.acme.orders.inventory;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class RejectingBadRecordsTest {

    @Test
    void records_that_are_not_inventory_commands_are_kept_with_the_reason_and_the_stream_goes_on(LocalKafkaBroker kafka) {
        try (RunningInventory inventory = RunningInventory.start(kafka)) {
            inventory.wire.sendRaw(inventory.commandsTopic(), "301", "{not json".getBytes(StandardCharsets.UTF_8));
            inventory.wire.sendRaw(inventory.commandsTopic(), "301", new EventCodec().encode(
                    new VoidPayment(UUID.randomUUID(), 301, Instant.now())));

            SagaReply reply = inventory.replyTo(inventory.reserve(301, line("after-bad", 1)).messageId());

            List<String> reasons = inventory.jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT reason FROM rejected_messages ORDER BY id").mapTo(String.class).list());
            assertThat(reply).isInstanceOf(StockReserved.class);
            assertThat(reasons).satisfiesExactly(
                            reason -> assertThat(reason).startsWith("malformed JSON"),
                            reason -> assertThat(reason).isEqualTo("VoidPayment is not a command for inventory-service"));
            assertThat(inventory.http.get("/metrics").text())
                    .contains("participant_commands_rejected_total{app=\"inventory-service\"} 2.0");
        }
    }
}
