/** One order by id, with its version as ETag; a deleted order is gone (410). */
package com.acme.orders.query.gettingbyid;
