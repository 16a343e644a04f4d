/** Rebuilding the read model from the event store into a shadow table and swapping it in. */
package com.acme.orders.projector.rebuild;
