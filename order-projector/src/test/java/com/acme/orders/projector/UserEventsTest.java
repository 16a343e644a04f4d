package com.acme.orders.projector;

import com.acme.orders.events.UserRegistered;
import com.acme.orders.events.UserUpdated;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders carry their user's current name and email, whichever arrives first. */
@ExtendWith(SharedKafka.class)
class UserEventsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private RunningSystem system;
    private KafkaRecords users;

    @BeforeEach
    void start(LocalKafkaBroker kafka) {
        system = RunningSystem.start(kafka);
        users = new KafkaRecords(kafka.bootstrapServers());
    }

    @AfterEach
    void stop() {
        users.close();
        system.close();
    }

    @Test
    void a_user_known_before_the_order_is_on_it_from_the_start() {
        users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), T0, 7, "alice", "alice@example.com"));
        awaitUser(7, "alice");

        long id = system.createOrder(7);
        system.awaitReadModelMatchesWriteModel();

        assertThat(userOf(id)).containsExactly("alice", "alice@example.com");
    }

    @Test
    void an_order_whose_user_arrives_later_is_filled_in() {
        long id = system.createOrder(8);
        system.awaitReadModelMatchesWriteModel();
        assertThat(userOf(id)).containsExactly(null, null);

        users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), T0, 8, "bob", "bob@example.com"));

        Await.until(() -> "bob".equals(userOf(id).get(0)), Duration.ofSeconds(20));
        assertThat(userOf(id)).containsExactly("bob", "bob@example.com");
    }

    @Test
    void a_user_update_rewrites_all_their_orders_and_an_older_event_changes_nothing() {
        users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), T0, 9, "carol", "carol@example.com"));
        long first = system.createOrder(9);
        long second = system.createOrder(9);
        long someoneElse = system.createOrder(10);
        system.awaitReadModelMatchesWriteModel();
        awaitUser(9, "carol");

        users.user(system.userTopic, new UserUpdated(UUID.randomUUID(), T0.plusSeconds(60), 9, "caroline", "c@example.com"));
        users.user(system.userTopic, new UserUpdated(UUID.randomUUID(), T0.plusSeconds(30), 9, "stale", "stale@example.com"));
        users.user(system.userTopic, new UserRegistered(UUID.randomUUID(), T0, 11, "marker", "m@example.com"));
        awaitUser(11, "marker");

        assertThat(userOf(first)).containsExactly("caroline", "c@example.com");
        assertThat(userOf(second)).containsExactly("caroline", "c@example.com");
        assertThat(userOf(someoneElse)).containsExactly(null, null);
    }

    private void awaitUser(long userId, String username) {
        Await.until(() -> system.read.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM user_directory WHERE user_id = :id AND username = :name")
                .bind("id", userId).bind("name", username).mapTo(Long.class).one()) == 1, Duration.ofSeconds(20));
    }

    private List<String> userOf(long orderId) {
        return system.read.withHandle(handle -> handle.createQuery(
                        "SELECT user_username, user_email FROM order_read_models WHERE id = :id")
                .bind("id", orderId)
                .map((rs, ctx) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2)))
                .one());
    }
}
