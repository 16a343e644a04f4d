package com.acme.orders.domain.saga;

import java.util.Objects;

/** What a saga decision does to the order itself. */
public sealed interface OrderOutcome {

    /** The order's status stays as it is. */
    OrderOutcome UNCHANGED = new Unchanged();

    /** The order's status stays as it is. */
    record Unchanged() implements OrderOutcome {
    }

    /** The order becomes CONFIRMED: stock is reserved and payment authorised. */
    record Confirm() implements OrderOutcome {
    }

    /**
     * The order becomes CANCELLED.
     *
     * @param reason why, for the customer and support staff, e.g. {@code out of stock: p1, p2}
     */
    record Cancel(String reason) implements OrderOutcome {

        public Cancel {
            Objects.requireNonNull(reason, "reason");
        }

        /** The reason's kind, a bounded metric label. */
        public CancelCause cause() {
            return CancelCause.of(reason);
        }
    }
}
