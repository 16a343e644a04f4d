/** The two-tier cache of rendered answers (near in each instance, shared in Redis), emptied by the read model's notifications. */
package com.acme.orders.query.caching;
