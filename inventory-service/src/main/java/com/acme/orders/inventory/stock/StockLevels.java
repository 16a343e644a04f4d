package com.acme.orders.inventory.stock;

import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code stock} table. A product that has no row has {@code defaultStock} units: its row is created with that
 * many the first time a reservation touches it.
 */
public final class StockLevels {

    private final int defaultStock;

    public StockLevels(int defaultStock) {
        this.defaultStock = defaultStock;
    }

    /** The product's stock; a product never set or reserved has the default. */
    public StockLevel find(Handle handle, String productId) {
        return handle.createQuery("SELECT product_id, available, reserved FROM stock WHERE product_id = :id")
                .bind("id", productId)
                .map((rs, ctx) -> new StockLevel(rs.getString("product_id"), rs.getInt("available"),
                        rs.getInt("reserved")))
                .findOne()
                .orElse(new StockLevel(productId, defaultStock, 0));
    }

    /** Sets the units free to reserve; what is reserved stays reserved. */
    public StockLevel set(Handle handle, String productId, int available, Instant now) {
        return handle.createQuery("""
                        INSERT INTO stock (product_id, available, reserved, updated_at)
                        VALUES (:id, :available, 0, :now)
                        ON CONFLICT (product_id)
                        DO UPDATE SET available = EXCLUDED.available, updated_at = EXCLUDED.updated_at
                        RETURNING product_id, available, reserved""")
                .bind("id", productId)
                .bind("available", available)
                .bind("now", now)
                .map((rs, ctx) -> new StockLevel(rs.getString("product_id"), rs.getInt("available"),
                        rs.getInt("reserved")))
                .one();
    }

    /**
     * Locks the rows of {@code productIds} for the rest of the transaction (creating missing ones with the default)
     * and answers the units available of each. Rows are locked in product order, so two reservations of the same
     * products never deadlock; a concurrent reservation of any of them waits until this transaction ends.
     */
    public Map<String, Integer> lockAvailable(Handle handle, List<String> productIds, Instant now) {
        List<String> sorted = productIds.stream().sorted().distinct().toList();
        // Rows exist once a product was touched: one round trip then, two more only for a product's first time.
        Map<String, Integer> locked = lockExisting(handle, sorted);
        if (locked.size() == sorted.size()) {
            return locked;
        }
        handle.createUpdate("""
                        INSERT INTO stock (product_id, available, reserved, updated_at)
                        SELECT id, :available, 0, :now FROM unnest(:ids) AS id
                        ON CONFLICT (product_id) DO NOTHING""")
                .bind("available", defaultStock)
                .bind("now", now)
                .bindByType("ids", sorted, SqlArrays.STRINGS)
                .execute();
        return lockExisting(handle, sorted);
    }

    private static Map<String, Integer> lockExisting(Handle handle, List<String> sorted) {
        return handle.createQuery("""
                        SELECT product_id, available FROM stock WHERE product_id = ANY(:ids)
                        ORDER BY product_id FOR UPDATE""")
                .bindByType("ids", sorted, SqlArrays.STRINGS)
                .map((rs, ctx) -> Map.entry(rs.getString("product_id"), rs.getInt("available")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Moves each product's quantity from available to reserved, in one round trip (the rows must be locked and
     * hold enough).
     */
    public void reserveAll(Handle handle, Map<String, Integer> quantities, Instant now) {
        List<String> products = List.copyOf(quantities.keySet());
        int updated = handle.createUpdate("""
                        UPDATE stock SET available = available - w.quantity, reserved = reserved + w.quantity,
                                         updated_at = :now
                        FROM unnest(:ids, :quantities) AS w(product_id, quantity)
                        WHERE stock.product_id = w.product_id""")
                .bindByType("ids", products, SqlArrays.STRINGS)
                .bindByType("quantities", products.stream().map(quantities::get).toList(), SqlArrays.INTEGERS)
                .bind("now", now)
                .execute();
        if (updated != products.size()) {
            throw new IllegalStateException("no stock row for some of the products " + products);
        }
    }

    /** Moves {@code quantity} units from reserved back to available. */
    public void release(Handle handle, String productId, int quantity, Instant now) {
        move(handle, productId, quantity, now);
    }

    private static void move(Handle handle, String productId, int toAvailable, Instant now) {
        int updated = handle.createUpdate("""
                        UPDATE stock SET available = available + :delta, reserved = reserved - :delta, updated_at = :now
                        WHERE product_id = :id""")
                .bind("delta", toAvailable)
                .bind("id", productId)
                .bind("now", now)
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("no stock row for product " + productId);
        }
    }
}
