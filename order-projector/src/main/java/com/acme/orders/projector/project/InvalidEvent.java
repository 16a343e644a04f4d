package com.acme.orders.projector.project;

/** An event that decodes but cannot be applied as it is (e.g. a creation event that is not version 1). */
public final class InvalidEvent extends RuntimeException {

    public InvalidEvent(String reason) {
        super(reason, null, false, false);
    }
}
