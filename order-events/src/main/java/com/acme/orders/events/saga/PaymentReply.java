package com.acme.orders.events.saga;

/** A reply of the payment service, on {@link com.acme.orders.events.Topics#PAYMENT_REPLIES}. */
public sealed interface PaymentReply extends SagaReply
        permits PaymentAuthorized, PaymentDeclined, PaymentVoided, PaymentRefunded {
}
