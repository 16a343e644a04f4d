/** Stock levels per product: the table, and the admin API that sets and reads them. */
package com.acme.orders.inventory.stock;
