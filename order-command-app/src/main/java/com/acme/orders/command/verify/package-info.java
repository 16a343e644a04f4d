/** Rebuilds every order from the event store and compares it with the write model. */
package com.acme.orders.command.verify;
