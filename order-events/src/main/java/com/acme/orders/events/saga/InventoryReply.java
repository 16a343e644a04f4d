package com.acme.orders.events.saga;

/** A reply of the inventory service, on {@link com.acme.orders.events.Topics#INVENTORY_REPLIES}. */
public sealed interface InventoryReply extends SagaReply permits StockReserved, StockUnavailable, StockReleased {
}
