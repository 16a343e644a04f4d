package com.acme.orders.command.createorder;

/** Whether a create may go ahead now: with sagas, only while there is room among the sagas in flight. */
@FunctionalInterface
public interface Admission {

    /** Lets every create in at once. */
    Admission ALWAYS = () -> () -> {
    };

    /**
     * Returns once the create may go ahead (or ends the request with a problem); the create closes what it gets
     * when it is done, committed or not.
     */
    Admitted admit();

    /** A create let in; closed when it is done. */
    interface Admitted extends AutoCloseable {
        @Override
        void close();
    }
}
