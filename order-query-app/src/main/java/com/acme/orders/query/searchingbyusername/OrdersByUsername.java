package com.acme.orders.query.searchingbyusername;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Active orders whose {@code user_username} contains a text, ignoring case, by id descending. Three ways to a
 * page, chosen inside one statement so that the ways not taken are never executed: first the newest
 * {@value #RECENT_ROWS} orders below the cursor, which hold a whole page when the text is common (one order in
 * ten for a three-letter name); else the users whose name contains it (trigram index on {@code user_directory},
 * read-model function users_named_like), and when they are few their orders by {@code user_id}, when they are
 * many a walk down the primary key filtering on the order's own copy of the username. Case is ignored as ILIKE
 * ignores it in a UTF-8 database: both sides lower-cased, then LIKE. Measurements in BENCHMARKS.md.
 */
public final class OrdersByUsername {

    /**
     * Up to this many matching users their orders are fetched by user id; beyond, matches are dense enough (one
     * order in 200) for the key walk to find a page in fewer rows; at this boundary both cost about the same.
     */
    public static final int FEW_USERS = 500;

    /**
     * The newest orders looked at before the users, for a short text: a page of a text in 5 % of the orders or more
     * is among them (0.3 ms), where the users' lookup costs ~1.5 ms for such a common text (10,000 of 100,000 names
     * contain "ali"). A longer text is looked up in the users at once: it is selective in any directory of names
     * (one trigram more per character), and the walk would cost it ~0.8 ms for nothing.
     */
    static final int RECENT_ROWS = 1_000;

    /** Texts up to this many characters walk the newest orders first. */
    static final int SHORT_TEXT = 4;

    /**
     * One statement, one round trip. {@code recent}: the matches among the newest {@code :recentRows} orders below
     * the cursor (none looked at for a longer text); a full page of them is the answer, as the walk goes in id
     * order. Otherwise the matching users (at most {@code FEW_USERS + 1}, not even looked up when {@code recent}
     * is full) decide, as one-time filters, which of the two other page queries runs.
     */
    private static final String PAGE = """
            WITH recent AS MATERIALIZED (
                SELECT %1$s
                FROM (SELECT * FROM order_read_models WHERE id < :beforeId ORDER BY id DESC LIMIT :recentRows) newest
                WHERE NOT is_deleted AND lower(user_username) LIKE lower(:pattern)
                ORDER BY id DESC
                LIMIT :limit
            ), found AS MATERIALIZED (
                SELECT count(*) AS orders FROM recent
            ), matching AS MATERIALIZED (
                SELECT count(*) AS users, array_agg(u) AS ids FROM users_named_like(lower(:pattern), :fewUsers + 1) u
                WHERE (SELECT orders FROM found) < :limit
            )
            SELECT * FROM (
                (SELECT * FROM recent WHERE (SELECT orders FROM found) >= :limit)
                UNION ALL
                (SELECT %1$s
                 FROM order_read_models
                 WHERE (SELECT users FROM matching) BETWEEN 1 AND :fewUsers
                   AND user_id = ANY((SELECT ids FROM matching)::BIGINT[])
                   AND NOT is_deleted AND lower(user_username) LIKE lower(:pattern) AND id < :beforeId
                 ORDER BY id DESC
                 LIMIT :limit)
                UNION ALL
                (SELECT %1$s
                 FROM order_read_models
                 WHERE (SELECT users FROM matching) > :fewUsers
                   AND NOT is_deleted AND lower(user_username) LIKE lower(:pattern) AND id < :beforeId
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
                .bind("recentRows", text.codePointCount(0, text.length()) <= SHORT_TEXT ? RECENT_ROWS : 0)
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
