package com.acme.orders.projector.project;

/** A record the projector cannot apply, and why. */
public record DeadLetter(RecordOrigin origin, String reason) {
}
