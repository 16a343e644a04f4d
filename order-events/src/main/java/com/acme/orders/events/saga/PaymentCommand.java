package com.acme.orders.events.saga;

/** A command for the payment service, on {@link com.acme.orders.events.Topics#PAYMENT_COMMANDS}. */
public sealed interface PaymentCommand extends SagaCommand permits AuthorizePayment, VoidPayment, RefundPayment {
}
