package com.acme.orders.localrun;

import com.acme.orders.inventory.InventoryApp;
import com.acme.orders.inventory.InventoryConfig;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.payment.PaymentApp;
import com.acme.orders.payment.PaymentConfig;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.FreePorts;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `make demo` sets the scarce product's stock and shows what the real inventory and payment services hold. */
@ExtendWith(SharedKafka.class)
class ParticipantsDemoTest {

    private static final String TOKEN = "demo-admin-token";

    private static TestDatabase inventoryDatabase;
    private static TestDatabase paymentDatabase;
    private static InventoryApp inventory;
    private static PaymentApp payments;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        inventoryDatabase = TestDatabase.create("demo_inventory");
        paymentDatabase = TestDatabase.create("demo_payments");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(Map.of("INVENTORY_HTTP_PORT", "0", "PAYMENT_HTTP_PORT", "0",
                "INVENTORY_DB_URL", inventoryDatabase.jdbcUrl(), "PAYMENT_DB_URL", paymentDatabase.jdbcUrl(),
                "DB_USER", inventoryDatabase.user(), "DB_PASSWORD", inventoryDatabase.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "ADMIN_API_TOKEN", TOKEN));
        for (String service : List.of("INVENTORY", "PAYMENT")) {
            env.put(service + "_COMMANDS_TOPIC", service.toLowerCase(Locale.ROOT) + "-commands-" + suffix);
            env.put(service + "_REPLIES_TOPIC", service.toLowerCase(Locale.ROOT) + "-replies-" + suffix);
            env.put(service + "_CONSUMER_GROUP", service.toLowerCase(Locale.ROOT) + "-" + suffix);
        }
        inventory = InventoryApp.start(InventoryConfig.fromEnv(new Env(env)), Clock.systemUTC());
        payments = PaymentApp.start(PaymentConfig.fromEnv(new Env(env)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (payments != null) {
            payments.close();
        }
        if (inventory != null) {
            inventory.close();
        }
        paymentDatabase.close();
        inventoryDatabase.close();
    }

    @Test
    void the_scarce_product_gets_two_units_and_the_participants_state_is_what_they_answer() throws Exception {
        ParticipantsDemo demo = new ParticipantsDemo(HttpClient.newHttpClient(),
                settings(inventory.port(), payments.port()), Optional.of(TOKEN));
        assertThat(demo.running()).isTrue();

        assertThat(demo.setScarceStock()).contains("\"productId\":\"DEMO-SCARCE\"", "\"available\":2",
                "\"reserved\":0");

        List<String> state = demo.state(List.of(101L, 102L));
        assertThat(state).hasSize(3);
        assertThat(state.get(0)).contains("/stock/DEMO-SCARCE -> ", "\"available\":2", "\"reserved\":0");
        assertThat(state.get(1)).contains("/payments?orderId=101 -> ", "\"orderId\":101", "\"status\":null",
                "\"operations\":[]");
        assertThat(state.get(2)).contains("\"orderId\":102");
    }

    @Test
    void the_admin_token_is_sent_and_a_refusal_is_reported_not_ignored() {
        ParticipantsDemo demo = new ParticipantsDemo(HttpClient.newHttpClient(),
                settings(inventory.port(), payments.port()), Optional.of("not-the-token"));

        assertThatThrownBy(demo::setScarceStock).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("401");
    }

    @Test
    void without_the_participants_the_demo_says_they_do_not_run() {
        ParticipantsDemo demo = new ParticipantsDemo(HttpClient.newHttpClient(),
                settings(FreePorts.next(), FreePorts.next()), Optional.empty());

        assertThat(demo.running()).isFalse();
    }

    @Test
    void the_orders_it_places_take_one_scarce_unit_each_and_one_exceeds_the_default_payment_limit() {
        assertThat(ParticipantsDemo.SCARCE_ORDERS).isEqualTo(ParticipantsDemo.SCARCE_UNITS + 1);
        assertThat(ParticipantsDemo.scarceOrder(1)).contains("\"productId\": \"DEMO-SCARCE\", \"quantity\": 1");
        assertThat(new BigDecimal(ParticipantsDemo.OVER_LIMIT_PRICE))
                .isGreaterThan(PaymentConfig.fromEnv(new Env(Map.of())).limit());
        assertThat(ParticipantsDemo.overLimitOrder(4)).contains(ParticipantsDemo.OVER_LIMIT_PRICE);
    }

    private static RunSettings settings(int inventoryPort, int paymentPort) {
        Path dir = Path.of("target", "demo-test");
        return new RunSettings(Path.of("."), 9092, 9093, dir.resolve("kafka"), 8081, 8082, 8083,
                "jdbc:postgresql://localhost:5432/orders_write", "jdbc:postgresql://localhost:5432/orders_read",
                "postgres", "", RunSettings.DEFAULT_JAVA_OPTIONS, dir.resolve("logs"), inventoryPort, paymentPort,
                null, null);
    }
}
