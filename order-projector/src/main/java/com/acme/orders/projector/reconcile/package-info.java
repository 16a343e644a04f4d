/** The inconsistency alarm: compares the read model with the write model and repairs the orders that drifted. */
package com.acme.orders.projector.reconcile;
