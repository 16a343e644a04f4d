package com.acme.orders.query.searchingbyusername;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.util.List;

/**
 * Active orders whose {@code user_username} contains a text, ignoring case, by id descending. Two steps: the
 * users whose name contains it (trigram index on {@code user_directory}); when they are few, their orders by
 * {@code user_id}; when they are many, matching orders are dense and a walk down the primary key filtering on
 * the order's own copy of the username finds a page soonest. Either way a page stays cheap at a million orders,
 * where one trigram index over every order's username was slow for rare fragments (BENCHMARKS.md).
 */
public final class OrdersByUsername {

    /**
     * Up to this many matching users their orders are fetched by user id; beyond, matches are dense enough (one
     * order in 200) for the key walk to find a page in fewer rows; at this boundary both cost about the same.
     */
    public static final int FEW_USERS = 500;

    private static final String USERS = """
            SELECT user_id FROM user_directory WHERE username ILIKE :pattern LIMIT :limit
            """;

    private static final String PAGE_OF_USERS = """
            SELECT %s
            FROM order_read_models
            WHERE user_id = ANY(:userIds) AND NOT is_deleted AND user_username ILIKE :pattern AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private static final String PAGE_BY_KEY = """
            SELECT %s
            FROM order_read_models
            WHERE NOT is_deleted AND user_username ILIKE :pattern AND id < :beforeId
            ORDER BY id DESC
            LIMIT :limit
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersByUsername(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> containing(String text, long beforeId, int limit) {
        String pattern = "%" + literal(text) + "%";
        return jdbi.inTransaction(handle -> {
            // With a LIMIT the planner likes to scan the users until enough match, reading a tenth of the table
            // for a common fragment; the trigram index is faster either way (BENCHMARKS.md).
            handle.execute("SET LOCAL enable_seqscan = off");
            List<Long> users = handle.createQuery(USERS)
                    .bind("pattern", pattern)
                    .bind("limit", FEW_USERS + 1)
                    .mapTo(Long.class)
                    .list();
            if (users.isEmpty()) {
                return List.of();
            }
            Query page = users.size() <= FEW_USERS
                    ? handle.createQuery(PAGE_OF_USERS).bindArray("userIds", Long.class, users)
                    : handle.createQuery(PAGE_BY_KEY);
            return page.bind("pattern", pattern)
                    .bind("beforeId", beforeId)
                    .bind("limit", limit)
                    .map(OrderRows::order)
                    .list();
        });
    }

    /**
     * {@code text} as a LIKE pattern that matches only itself: its {@code %}, {@code _} and {@code \} escaped
     * with a backslash, LIKE's default escape character.
     */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
