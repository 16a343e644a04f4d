package com.acme.orders.query.searchingbyusername;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Active orders whose {@code user_username} contains a text, ignoring case, by id descending. The trigram
 * index {@code order_read_models_username} serves {@code ILIKE '%…%'}, which a btree cannot.
 */
public final class OrdersByUsername {

    private static final String PAGE = """
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
        return jdbi.withHandle(handle -> handle.createQuery(PAGE)
                .bind("pattern", "%" + literal(text) + "%")
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
