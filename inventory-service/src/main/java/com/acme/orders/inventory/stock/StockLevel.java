package com.acme.orders.inventory.stock;

/**
 * A product's stock.
 *
 * @param productId the product
 * @param available units free to reserve
 * @param reserved  units held for orders
 */
public record StockLevel(String productId, int available, int reserved) {
}
