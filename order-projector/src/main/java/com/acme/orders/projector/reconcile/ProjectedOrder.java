package com.acme.orders.projector.reconcile;

import java.math.BigDecimal;

/**
 * One read-model row, reduced to what must agree with the write model, plus whether its user columns disagree
 * with {@code user_directory} (compared in SQL, so that no name or email is read out of the database).
 */
record ProjectedOrder(long id, long userId, long version, String status, BigDecimal totalAmount, int itemsCount,
                      boolean deleted, boolean usernameDiffers, boolean emailDiffers) {
}
