package com.acme.orders.command.saga;

/** A client asked to confirm an order by hand while sagas are enabled: only the saga confirms (409). */
public final class ConfirmedBySaga extends RuntimeException {

    public ConfirmedBySaga(long orderId) {
        super("order " + orderId + " is confirmed by its saga once its stock is reserved and its payment authorised;"
                + " it cannot be confirmed by hand while sagas are enabled (SAGAS_ENABLED)", null, false, false);
    }
}
