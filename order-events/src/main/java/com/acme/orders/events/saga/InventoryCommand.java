package com.acme.orders.events.saga;

/** A command for the inventory service, on {@link com.acme.orders.events.Topics#INVENTORY_COMMANDS}. */
public sealed interface InventoryCommand extends SagaCommand permits ReserveStock, ReleaseStock {
}
