package com.acme.orders.query.consistency;

import java.util.Map;

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
        public void changed(ChangedOrders changed, Map<Long, Long> versions) {
        }
    };

    /**
     * True once the listener hears notifications (after a connect or reconnect; a {@link #changed} for
     * everything follows), false when it lost them: changes may then go unannounced.
     */
    void listening(boolean listening);

    /**
     * The read model committed changes to these orders (before any request waiting for them is released).
     *
     * @param versions the version each changed order now has, as far as known: from the notification, and for the
     *                 orders it named without one, from the read model (a deleted row has none)
     */
    void changed(ChangedOrders changed, Map<Long, Long> versions);
}
