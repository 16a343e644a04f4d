package com.acme.orders.command.store;

import org.jdbi.v3.core.Jdbi;

/**
 * Hands out order ids from {@code orders_id_seq} a block at a time: the sequence increments by
 * {@value #BLOCK}, and one {@code nextval} reserves that many ids for this instance. A create then needs no
 * round trip for its id. Ids of a block not used before a restart are skipped.
 */
public final class OrderIds {

    /** Must equal the sequence's INCREMENT BY (migration V2). */
    static final int BLOCK = 100;

    private final Jdbi jdbi;
    private long next;
    private long end;

    public OrderIds(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public synchronized long next() {
        if (next == end) {
            next = jdbi.withHandle(handle -> handle.createQuery("SELECT nextval('orders_id_seq')")
                    .mapTo(Long.class).one());
            end = next + BLOCK;
        }
        return next++;
    }
}
