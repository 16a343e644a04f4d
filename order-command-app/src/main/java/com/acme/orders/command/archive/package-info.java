/** Keeping the event store small: monthly partitions created ahead and dropped once empty, and the archiver. */
package com.acme.orders.command.archive;
