/**
 * The background-worker skeleton every long-running loop uses: one thread, a {@code closed} flag with a wake-up,
 * backoff between attempts, a status for {@code /ready}, and one ladder that tells failures that heal by
 * retrying from those that cannot.
 */
package com.acme.orders.platform.worker;
