package com.acme.orders.projector.reconcile;

import java.math.BigDecimal;

/** One order of the write model, reduced to what the read model must agree with. */
record WrittenOrder(long id, long userId, long version, String status, BigDecimal totalAmount, int itemsCount,
                    boolean deleted) {
}
