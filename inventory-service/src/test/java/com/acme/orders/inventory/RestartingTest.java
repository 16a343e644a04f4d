package com.acme.orders.inventory;

import com.acme.orders.events.saga.ReserveStock;
import com.acme.orders.events.saga.StockReserved;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;

import static com.acme.orders.inventory.RunningInventory.line;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class RestartingTest {

    @Test
    void commands_sent_while_the_service_is_down_are_handled_once_it_is_back(LocalKafkaBroker kafka) {
        try (RunningInventory inventory = RunningInventory.start(kafka)) {
            inventory.setStock("restart", 5);
            inventory.replyTo(inventory.reserve(501, line("restart", 1)).messageId());
            inventory.instances.remove(0).close();

            ReserveStock whileDown = inventory.reserve(502, line("restart", 2));
            InventoryApp back = InventoryApp.start(inventory.config, Clock.systemUTC());
            inventory.instances.add(back);

            assertThat(inventory.replyTo(whileDown.messageId())).isInstanceOf(StockReserved.class);
            assertThat(inventory.count("SELECT available FROM stock WHERE product_id = 'restart'")).isEqualTo(2);
            assertThat(inventory.count("SELECT count(*) FROM inbox")).as("the first command was not redone")
                    .isEqualTo(2);
        }
    }
}
