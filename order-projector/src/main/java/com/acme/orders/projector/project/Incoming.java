package com.acme.orders.projector.project;

/** A decoded event with the record it came from. */
public record Incoming<T>(T event, RecordOrigin origin) {
}
