/**
 * The query side: an HTTP API over the read model only, one package per view, with read-your-writes for
 * clients that send back the token of their last command.
 */
package com.acme.orders.query;
