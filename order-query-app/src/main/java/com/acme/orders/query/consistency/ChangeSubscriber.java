package com.acme.orders.query.consistency;

/**
 * Told by the {@link ReadModelListener}, on its own thread, what the read model's change notifications say.
 * Calls must return quickly: waiting requests are released only after them.
 */
public interface ChangeSubscriber {

    /** Nobody to tell. */
    ChangeSubscriber NONE = new ChangeSubscriber() {
        @Override
        public void listening(boolean listening) {
        }

        @Override
        public void changed(ChangedOrders changed) {
        }
    };

    /**
     * True once the listener hears notifications (after a connect or reconnect; a {@link #changed} for
     * everything follows), false when it lost them: changes may then go unannounced.
     */
    void listening(boolean listening);

    /** The read model committed changes to these orders (before any request waiting for them is released). */
    void changed(ChangedOrders changed);
}
