/** The active orders created in a time range, newest first. */
package com.acme.orders.query.gettingbydaterange;
