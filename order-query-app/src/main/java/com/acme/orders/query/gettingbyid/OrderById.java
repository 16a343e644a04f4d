package com.acme.orders.query.gettingbyid;

import com.acme.orders.query.web.OrderJson;
import com.acme.orders.query.web.OrderRows;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** Reads one order of the read model by its primary key, deleted or not. */
public final class OrderById {

    /** An order as stored, with the deletion mark the API turns into 410. */
    record StoredOrder(OrderJson order, boolean deleted) {
    }

    private static final String FIND = """
            SELECT %s, is_deleted
            FROM order_read_models
            WHERE id = :id
            """.formatted(OrderRows.COLUMNS);

    private final Jdbi jdbi;

    public OrderById(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<StoredOrder> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(FIND)
                .bind("id", id)
                .map((rs, ctx) -> new StoredOrder(OrderRows.order(rs, ctx), rs.getBoolean("is_deleted")))
                .findOne());
    }
}
