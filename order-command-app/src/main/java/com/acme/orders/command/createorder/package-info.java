/** Placing an order: parsing the request, idempotency keys, the transaction. */
package com.acme.orders.command.createorder;
