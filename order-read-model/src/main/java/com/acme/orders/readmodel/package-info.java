/** The read database's schema and the change-notification channel shared by projector and query app. */
package com.acme.orders.readmodel;
