/** What {@code AuthorizePayment}, {@code VoidPayment} and {@code RefundPayment} do to an order's payment, exactly once. */
package com.acme.orders.payment.processing;
