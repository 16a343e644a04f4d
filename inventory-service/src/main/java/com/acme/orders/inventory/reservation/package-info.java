/** Reservations per order: what {@code ReserveStock} and {@code ReleaseStock} do to the stock, exactly once. */
package com.acme.orders.inventory.reservation;
