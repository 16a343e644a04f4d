/** The active orders whose total exceeds an amount, smallest total first. */
package com.acme.orders.query.gettingbyamount;
