package com.acme.orders.projector.project;

import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.UserEvent;
import com.acme.orders.projector.repair.EventStoreReader;
import com.acme.orders.readmodel.ReadModel;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Applies one poll's batch inside the caller's transaction: user events first (so new orders pick up their
 * user), then order events under the version rule, then the offsets with a NOTIFY for waiting queries.
 *
 * <p>Version rule: an order event applies only as the next version of its row (version 1 creates it). An
 * older or equal version is a duplicate and is skipped; a newer one means versions are missing, and those are
 * read from the event store and applied first, so nothing is ever applied out of order. If the store lacks
 * them too, the event is dead-lettered with the reason.
 */
public final class BatchProjection {

    private static final Logger log = LoggerFactory.getLogger(BatchProjection.class);

    /** What a batch did. */
    public record Outcome(int applied, int skipped, int gapsRepaired, List<DeadLetter> invalid,
                          List<Instant> appliedOccurredAt) {
    }

    private final OrderRows rows;
    private final UserDirectory users;
    private final OffsetStore offsets;
    private final EventStoreReader eventStore;

    public BatchProjection(OrderRows rows, UserDirectory users, OffsetStore offsets, EventStoreReader eventStore) {
        this.rows = rows;
        this.users = users;
        this.offsets = offsets;
        this.eventStore = eventStore;
    }

    public Outcome apply(Handle handle, IncomingBatch batch) {
        UserDirectory.Applied userChanges = users.apply(handle,
                batch.userEvents().stream().map(Incoming::event).toList());

        Set<Long> ids = batch.orderEvents().stream().map(i -> i.event().orderId())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<Long, OrderRow> current = ids.isEmpty() ? Map.of() : rows.lock(handle, ids);
        Map<Long, OrderRow> working = new HashMap<>(current);
        Map<Long, OrderRow> changed = new LinkedHashMap<>();
        List<DeadLetter> invalid = new ArrayList<>();
        List<Instant> appliedAt = new ArrayList<>();
        int skipped = userChanges.skipped();
        int gaps = 0;
        for (Incoming<OrderEventEnvelope> incoming : batch.orderEvents()) {
            OrderEventEnvelope event = incoming.event();
            OrderRow row = working.get(event.orderId());
            long expected = row == null ? 1 : row.version() + 1;
            if (event.version() < expected) {
                skipped++;
                continue;
            }
            try {
                if (event.version() > expected) {
                    row = fillGap(row, event, expected, incoming.origin());
                    gaps++;
                }
                row = row == null ? OrderRow.created(event) : row.apply(event);
            } catch (InvalidEvent e) {
                invalid.add(new DeadLetter(incoming.origin(), e.getMessage()));
                continue;
            }
            working.put(row.id(), row);
            changed.put(row.id(), row);
            appliedAt.add(event.occurredAt());
        }
        rows.upsert(handle, changed.values());
        Map<Long, Long> versions = new HashMap<>();
        changed.forEach((id, row) -> versions.put(id, row.version()));
        offsets.save(handle, batch.nextOffsets(), ReadModel.payloads(versions, userChanges.ordersRewritten()));
        return new Outcome(appliedAt.size() + userChanges.usersChanged(), skipped, gaps, invalid, appliedAt);
    }

    /** Applies the missing versions from the event store; throws {@link InvalidEvent} when it lacks them. */
    private OrderRow fillGap(OrderRow row, OrderEventEnvelope event, long expected, RecordOrigin origin) {
        long orderId = event.orderId();
        List<OrderEventEnvelope> missing = eventStore.history(orderId, expected, event.version() - 1);
        if (missing.size() != event.version() - expected) {
            throw new InvalidEvent("order " + orderId + " is at version " + (expected - 1) + ", the event is version "
                    + event.version() + ", and the event store lacks versions " + expected + ".." + (event.version() - 1));
        }
        log.warn("gap in order history orderId={} readModelVersion={} eventVersion={} origin={}; repaired from the "
                + "event store", orderId, expected - 1, event.version(), origin);
        OrderRow repaired = row;
        for (OrderEventEnvelope earlier : missing) {
            repaired = repaired == null ? OrderRow.created(earlier) : repaired.apply(earlier);
        }
        return repaired;
    }
}
