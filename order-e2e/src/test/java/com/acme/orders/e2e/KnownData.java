package com.acme.orders.e2e;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.HttpJson;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small data set placed through the API, known exactly, so that every hostile request can be aimed to be
 * refused: 30 orders of six users (five of them known to the projector) in every status, one of them deleted,
 * every third placed with an {@code Idempotency-Key}; plus a real cursor of each kind of list.
 *
 * @param orders  what each order is now
 * @param cursors a {@code nextCursor} of each list, by the request that returned it
 */
record KnownData(List<SeededOrder> orders, Map<String, String> cursors) {

    static final List<Long> KNOWN_USERS = List.of(101L, 102L, 103L, 104L, 105L);
    static final long UNKNOWN_USER = 106;
    private static final List<String> USERNAMES = List.of("alice", "bob", "carol", "dave", "eve");

    /**
     * One seeded order.
     *
     * @param idempotencyKey the key it was placed with, if any
     * @param body           the body it was placed with
     */
    record SeededOrder(long id, long userId, OrderStatus status, long version, boolean deleted,
                       Optional<String> idempotencyKey, String body) {
    }

    /** Seeds through the API and waits until the read side shows all of it. */
    static KnownData seed(RunningProcesses system) {
        for (int i = 0; i < KNOWN_USERS.size(); i++) {
            system.publishUser(KNOWN_USERS.get(i), USERNAMES.get(i));
        }
        List<SeededOrder> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(place(system.commands, i));
        }
        // One PENDING order deleted: the storm aims at it for 410s.
        SeededOrder deleted = orders.get(6);
        expect(system.commands.delete("/orders/" + deleted.id()), 200);
        orders.set(6, new SeededOrder(deleted.id(), deleted.userId(), deleted.status(), deleted.version() + 1, true,
                deleted.idempotencyKey(), deleted.body()));

        Await.until(() -> readSideCaughtUp(system), Duration.ofSeconds(60));
        return new KnownData(List.copyOf(orders), cursors(system.queries));
    }

    List<SeededOrder> active() {
        return orders.stream().filter(order -> !order.deleted()).toList();
    }

    List<SeededOrder> deleted() {
        return orders.stream().filter(SeededOrder::deleted).toList();
    }

    private static SeededOrder place(HttpJson commands, int i) {
        long userId = i % 6 == 5 ? UNKNOWN_USER : KNOWN_USERS.get(i % 6 % KNOWN_USERS.size());
        StringBuilder items = new StringBuilder();
        for (int line = 0; line <= i % 3; line++) {
            items.append(line == 0 ? "" : ", ").append("""
                    {"productId": "SKU-%d", "quantity": %d, "unitPrice": %d.%02d}""".formatted(line + 1, 1 + i % 4,
                    5 + i * 7, i));
        }
        String body = """
                {"userId": %d, "items": [%s], "shippingAddress": "%d Hostile Street"%s}""".formatted(userId, items, i,
                i % 4 == 0 ? "" : ", \"notes\": \"seed order " + i + "\"");
        Optional<String> key = i % 3 == 0 ? Optional.of("seed-key-" + i) : Optional.empty();
        HttpJson.Response created = key.map(k -> commands.post("/orders", body, "Idempotency-Key", k))
                .orElseGet(() -> commands.post("/orders", body));
        expect(created, 201);
        long id = Long.parseLong(created.field("id"));
        long version = 1;
        OrderStatus status = OrderStatus.PENDING;
        for (OrderStatus next : path(i % 6)) {
            expect(commands.put("/orders/" + id + "/status", "{\"status\": \"" + next + "\"}"), 200);
            status = next;
            version++;
        }
        return new SeededOrder(id, userId, status, version, false, key, body);
    }

    /** How far order number {@code kind} moves: every status is reached by five orders. */
    private static List<OrderStatus> path(int kind) {
        return switch (kind) {
            case 0 -> List.of();
            case 1 -> List.of(OrderStatus.CONFIRMED);
            case 2 -> List.of(OrderStatus.CONFIRMED, OrderStatus.PROCESSING);
            case 3 -> List.of(OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED);
            case 4 -> List.of(OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED,
                    OrderStatus.DELIVERED);
            default -> List.of(OrderStatus.CANCELLED);
        };
    }

    /** Every event published, every order projected at its version, every known user's name filled in. */
    private static boolean readSideCaughtUp(RunningProcesses system) {
        Jdbi write = system.writeJdbi();
        Jdbi read = system.readJdbi();
        long unpublished = write.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM outbox").mapTo(Long.class).one());
        List<String> written = write.withHandle(handle -> handle.createQuery("""
                SELECT id || ' v' || version || ' ' || status || ' deleted=' || (deleted_at IS NOT NULL)
                FROM orders ORDER BY id""").mapTo(String.class).list());
        List<String> projected = read.withHandle(handle -> handle.createQuery("""
                SELECT id || ' v' || version || ' ' || status || ' deleted=' || is_deleted
                FROM order_read_models ORDER BY id""").mapTo(String.class).list());
        long unnamed = read.withHandle(handle -> handle.createQuery("""
                SELECT (SELECT count(*) FROM order_read_models WHERE user_id BETWEEN 101 AND 105
                                                               AND user_username IS NULL)
                     + (5 - (SELECT count(*) FROM user_directory))""").mapTo(Long.class).one());
        return unpublished == 0 && written.size() == 30 && written.equals(projected) && unnamed == 0;
    }

    private static Map<String, String> cursors(HttpJson queries) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, String> cursors = new LinkedHashMap<>();
        for (String list : List.of("/orders?limit=3", "/orders/status/PENDING?limit=1", "/orders/user/101?limit=1",
                "/orders/user/102/status/CONFIRMED?limit=1",
                "/orders/date-range?from=" + today.minusDays(1) + "&to=" + today.plusDays(1) + "&limit=2",
                "/orders/search/username?username=a&limit=1", "/orders/amount-greater-than?amount=0&limit=2")) {
            HttpJson.Response page = queries.get(list);
            expect(page, 200);
            assertThat(page.json().get("nextCursor").isTextual()).as(list + " has a next page").isTrue();
            cursors.put(list, page.field("nextCursor"));
        }
        // In the order they were fetched: Map.copyOf would change the order, and so the storm, from run to run.
        return Collections.unmodifiableMap(cursors);
    }

    private static void expect(HttpJson.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
    }
}
