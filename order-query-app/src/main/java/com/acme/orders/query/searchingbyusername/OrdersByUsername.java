package com.acme.orders.query.searchingbyusername;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Active orders whose {@code user_username} contains a text, ignoring case, by id descending. Two steps: the
 * users whose name contains it (trigram index on {@code user_directory}); when they are few, their orders by
 * {@code user_id}; when they are many, matching orders are dense and a walk down the primary key filtering on
 * the order's own copy of the username finds a page soonest. Both steps are one statement (read-model function
 * users_named_like), so the branch not taken is never executed; measurements in BENCHMARKS.md.
 */
public final class OrdersByUsername {

    /**
     * Up to this many matching users their orders are fetched by user id; beyond, matches are dense enough (one
     * order in 200) for the key walk to find a page in fewer rows; at this boundary both cost about the same.
     */
    public static final int FEW_USERS = 500;

    /**
     * One statement, one round trip: the matching users (at most {@code FEW_USERS + 1}, read through the trigram
     * index by {@code users_named_like}) decide, as one-time filters, which of the two page queries runs; the
     * other is not executed at all.
     */
    private static final String PAGE = """
            WITH matching AS MATERIALIZED (
                SELECT count(*) AS users, array_agg(u) AS ids FROM users_named_like(:pattern, :fewUsers + 1) u
            )
            SELECT * FROM (
                (SELECT %1$s
                 FROM order_read_models
                 WHERE (SELECT users FROM matching) BETWEEN 1 AND :fewUsers
                   AND user_id = ANY((SELECT ids FROM matching)::BIGINT[])
                   AND NOT is_deleted AND user_username ILIKE :pattern AND id < :beforeId
                 ORDER BY id DESC
                 LIMIT :limit)
                UNION ALL
                (SELECT %1$s
                 FROM order_read_models
                 WHERE (SELECT users FROM matching) > :fewUsers
                   AND NOT is_deleted AND user_username ILIKE :pattern AND id < :beforeId
                 ORDER BY id DESC
                 LIMIT :limit)
            ) page
            ORDER BY id DESC
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrdersByUsername(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<OrderJson> containing(String text, long beforeId, int limit) {
        String pattern = "%" + literal(text) + "%";
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("pattern", pattern)
                .bind("fewUsers", FEW_USERS)
                .bind("beforeId", beforeId)
                .bind("limit", limit)
                .map(OrderRows::order)
                .list());
    }

    /**
     * {@code text} as a LIKE pattern that matches only itself: its {@code %}, {@code _} and {@code \} escaped
     * with a backslash, LIKE's default escape character.
     */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
