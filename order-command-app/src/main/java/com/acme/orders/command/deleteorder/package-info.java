/** Deleting an order (soft), optionally guarded by If-Match. */
package com.acme.orders.command.deleteorder;
