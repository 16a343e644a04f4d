/** Turning events into read-model rows: one transaction per batch, applied only in version order. */
package com.acme.orders.projector.project;
