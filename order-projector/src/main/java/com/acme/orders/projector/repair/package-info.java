/** Reading the event store (the write database) to fill gaps and to rebuild. */
package com.acme.orders.projector.repair;
