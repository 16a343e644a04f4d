/** Every active order, newest first. */
package com.acme.orders.query.gettingorders;
