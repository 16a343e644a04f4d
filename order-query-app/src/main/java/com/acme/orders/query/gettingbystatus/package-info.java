/** The active orders in one status, newest first. */
package com.acme.orders.query.gettingbystatus;
