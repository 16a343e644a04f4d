package com.acme.orders.command.web;

/** A command came without the bearer token this deployment requires: answered 401, nothing read or written. */
public final class Unauthenticated extends RuntimeException {

    public Unauthenticated(String reason) {
        super(reason, null, false, false);
    }
}
