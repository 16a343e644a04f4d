package com.acme.orders.domain;

import com.acme.orders.events.Abbreviation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of an order: a product, how many, at what unit price.
 *
 * @param productId the product's SKU, 1 to 64 characters
 * @param quantity  1 to {@value #MAX_QUANTITY}
 * @param unitPrice 0.00 to 999999.99, at most two decimals; kept at scale 2
 */
public record OrderLine(String productId, int quantity, BigDecimal unitPrice) {

    public static final int MAX_QUANTITY = 10_000;
    public static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("999999.99");
    public static final int MAX_PRODUCT_ID_LENGTH = 64;

    public OrderLine {
        productId = Text.required("productId", productId, MAX_PRODUCT_ID_LENGTH);
        if (quantity <= 0) {
            throw new InvalidCommand("quantity", "must be positive, was " + quantity);
        }
        if (quantity > MAX_QUANTITY) {
            throw new InvalidCommand("quantity", "must be at most " + MAX_QUANTITY + ", was " + quantity);
        }
        if (unitPrice == null) {
            throw new InvalidCommand("unitPrice", "is required");
        }
        if (unitPrice.signum() < 0) {
            throw new InvalidCommand("unitPrice", "must not be negative, was " + unitPrice.toPlainString());
        }
        if (unitPrice.compareTo(MAX_UNIT_PRICE) > 0) {
            throw new InvalidCommand("unitPrice", "must be at most " + MAX_UNIT_PRICE + ", was "
                    + Abbreviation.abbreviate(unitPrice.toPlainString()));
        }
        try {
            unitPrice = unitPrice.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new InvalidCommand("unitPrice", "must have at most 2 decimals, was "
                    + Abbreviation.abbreviate(unitPrice.toPlainString()));
        }
    }

    /** Quantity times unit price, scale 2. */
    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
