/**
 * What every view shares: an order as JSON and how a read-model row becomes one, the request parameters, and
 * list pages with their keyset cursors.
 */
package com.acme.orders.query.web;
