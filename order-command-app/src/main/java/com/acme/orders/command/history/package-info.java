/** {@code GET /orders/{id}/history}: an order's events, hot and archived, as an audit trail. */
package com.acme.orders.command.history;
