/** The active orders whose user's name contains a text, ignoring case, newest first. */
package com.acme.orders.query.searchingbyusername;
