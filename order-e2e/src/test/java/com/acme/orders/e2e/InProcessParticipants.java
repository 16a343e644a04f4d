package com.acme.orders.e2e;

import com.acme.orders.inventory.InventoryApp;
import com.acme.orders.inventory.InventoryConfig;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.payment.PaymentApp;
import com.acme.orders.payment.PaymentConfig;
import com.acme.orders.platform.config.Env;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.TestDatabase;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The inventory and payment services in this JVM on free ports, over fresh databases and their own topics. */
final class InProcessParticipants implements AutoCloseable {

    final TestDatabase inventoryDatabase = TestDatabase.create("e2e_inventory");
    final TestDatabase paymentDatabase = TestDatabase.create("e2e_payments");
    final InventoryApp inventoryApp;
    final PaymentApp paymentApp;
    final HttpJson inventory;
    final HttpJson payments;
    /** The four saga topics these participants use, as the command app's variables name them. */
    final Map<String, String> topics = new HashMap<>();

    InProcessParticipants(LocalKafkaBroker kafka) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put("INVENTORY_HTTP_PORT", "0");
        env.put("PAYMENT_HTTP_PORT", "0");
        env.put("INVENTORY_DB_URL", inventoryDatabase.jdbcUrl());
        env.put("PAYMENT_DB_URL", paymentDatabase.jdbcUrl());
        env.put("DB_USER", inventoryDatabase.user());
        env.put("DB_PASSWORD", inventoryDatabase.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        for (String service : new String[]{"INVENTORY", "PAYMENT"}) {
            String name = service.toLowerCase(Locale.ROOT);
            topics.put(service + "_COMMANDS_TOPIC", name + "-commands-" + suffix);
            topics.put(service + "_REPLIES_TOPIC", name + "-replies-" + suffix);
            env.put(service + "_CONSUMER_GROUP", name + "-" + suffix);
        }
        env.putAll(topics);
        inventoryApp = InventoryApp.start(InventoryConfig.fromEnv(new Env(env)), Clock.systemUTC());
        PaymentApp started;
        try {
            started = PaymentApp.start(PaymentConfig.fromEnv(new Env(env)), Clock.systemUTC());
        } catch (RuntimeException e) {
            inventoryApp.close();
            throw e;
        }
        paymentApp = started;
        inventory = HttpJson.local(inventoryApp.port());
        payments = HttpJson.local(paymentApp.port());
    }

    @Override
    public void close() {
        paymentApp.close();
        inventoryApp.close();
        paymentDatabase.close();
        inventoryDatabase.close();
    }
}
