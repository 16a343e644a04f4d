package com.acme.orders.query.web;

import java.util.List;

/**
 * One page of a list.
 *
 * @param orders     at most the requested limit, in the list's order
 * @param nextCursor pass it as {@code cursor} to get the next page; null on the last page
 */
public record OrderPage(List<OrderJson> orders, String nextCursor) {

    public OrderPage {
        orders = List.copyOf(orders);
    }
}
