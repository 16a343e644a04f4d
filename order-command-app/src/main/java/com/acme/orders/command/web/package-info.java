/** HTTP plumbing of the command API: the order representation, response headers and the domain-error mapping. */
package com.acme.orders.command.web;
