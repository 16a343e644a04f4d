/** The active orders of one user, optionally in one status, newest first. */
package com.acme.orders.query.gettingbyuser;
