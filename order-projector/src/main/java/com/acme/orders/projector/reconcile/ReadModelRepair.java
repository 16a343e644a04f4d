package com.acme.orders.projector.reconcile;

import com.acme.orders.projector.project.OrderRow;
import com.acme.orders.projector.project.OrderRows;
import com.acme.orders.projector.repair.EventStoreReader;
import com.acme.orders.readmodel.ReadModel;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Re-projects one order from the event store, through {@link OrderRow} like the projector and the rebuild, and
 * puts the result in place of whatever its read-model row holds.
 */
final class ReadModelRepair {

    /** What a repair did to the row. */
    enum Outcome { REPLACED, INSERTED, DELETED }

    private final Jdbi readDatabase;
    private final EventStoreReader eventStore;
    private final OrderRows rows;

    ReadModelRepair(Jdbi readDatabase, EventStoreReader eventStore, OrderRows rows) {
        this.readDatabase = readDatabase;
        this.eventStore = eventStore;
        this.rows = rows;
    }

    Outcome repair(long orderId) {
        return readDatabase.inTransaction(handle -> {
            // The projector locks a row before it changes it, so from here on it waits for this repair; and the
            // history read after the lock holds every event the projector could have applied to the row.
            Map<Long, OrderRow> locked = rows.lock(handle, List.of(orderId));
            Optional<OrderRow> truth = OrderRow.replay(eventStore.history(orderId, 1, Long.MAX_VALUE));
            Outcome outcome;
            if (truth.isEmpty()) {
                rows.remove(handle, orderId);
                outcome = Outcome.DELETED;
            } else if (locked.containsKey(orderId)) {
                rows.replace(handle, truth.get());
                outcome = Outcome.REPLACED;
            } else {
                // No row to lock: should the projector insert it meanwhile, it came from the same events, and
                // the upsert's version guard keeps whichever of the two is newer.
                rows.upsert(handle, List.of(truth.get()));
                outcome = Outcome.INSERTED;
            }
            handle.createQuery("SELECT pg_notify(:channel, :payload)")
                    .bind("channel", ReadModel.CHANGED_CHANNEL)
                    .bind("payload", Long.toString(orderId))
                    .mapTo(String.class)
                    .one();
            return outcome;
        });
    }
}
