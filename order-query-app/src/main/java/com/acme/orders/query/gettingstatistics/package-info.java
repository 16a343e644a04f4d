/** Order counts and amounts per status, from the totals the projector keeps. */
package com.acme.orders.query.gettingstatistics;
