/**
 * The benchmark: starts the real system as processes, loads it, and measures each hot path next to the
 * physical limit measured in the same run (pgbench against the same PostgreSQL).
 */
package com.acme.orders.bench;
