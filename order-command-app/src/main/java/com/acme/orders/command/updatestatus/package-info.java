/** Moving an order to another status, optionally guarded by If-Match. */
package com.acme.orders.command.updatestatus;
