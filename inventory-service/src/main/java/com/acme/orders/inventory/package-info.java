/**
 * The inventory service, a reference participant of the place-order saga: stock per product, reservations per
 * order taken from {@code inventory-commands} exactly once, replies on {@code inventory-replies}, and an admin API
 * to set and read stock levels.
 */
package com.acme.orders.inventory;
