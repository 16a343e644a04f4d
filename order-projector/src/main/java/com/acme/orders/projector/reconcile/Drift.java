package com.acme.orders.projector.reconcile;

import java.util.List;

/**
 * One order whose read-model row disagrees with the write model or the user directory, and how. The
 * differences name fields and show only values that are not personal (never a name, email or address).
 */
public record Drift(long orderId, List<String> differences) {

    public Drift {
        differences = List.copyOf(differences);
    }

    /** {@code orderId=42 status: read model CANCELLED, write model PENDING; version: ...}. */
    public String describe() {
        return "orderId=" + orderId + " " + String.join("; ", differences);
    }
}
