package com.acme.orders.domain;

/**
 * A command that the domain refuses, with a message that names the values involved. These are expected
 * outcomes, not faults, so they carry no stack trace. The HTTP layer maps each type to one status in one
 * place.
 */
public abstract sealed class DomainError extends RuntimeException
        permits InvalidCommand, OrderNotFound, IllegalStatusTransition, OrderNotDeletable, OrderAlreadyDeleted,
        StaleVersion {

    protected DomainError(String message) {
        super(message, null, false, false);
    }
}
