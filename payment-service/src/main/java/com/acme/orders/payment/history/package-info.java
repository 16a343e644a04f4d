/** {@code GET /payments?orderId=N}: an order's payment and every operation on it, for support staff and tests. */
package com.acme.orders.payment.history;
