package com.acme.orders.projector.consume;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the projector advances: it is stalled when events wait for it (a poll returned records, or the consumer
 * reports lag) and nothing has been committed for {@code stallAfter}, for instance because a batch hangs on a lock
 * in the read database, or fetches return nothing while the log grows. A projector with nothing to do is never
 * stalled, however long it idles. Written by the consumer thread, read by {@code /ready} and {@code /metrics}.
 */
final class Progress {

    private final Duration stallAfter;
    private volatile long advancedAt = System.nanoTime();
    private volatile boolean eventsWaiting;
    private volatile long lag;

    Progress(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /** After a poll: {@code records} returned, {@code lag} behind the end of the assigned partitions. */
    void polled(boolean assigned, int records, long lag) {
        this.lag = lag;
        if (!assigned || records == 0 && lag == 0) {
            eventsWaiting = false;
            advancedAt = System.nanoTime(); // caught up (or nothing of ours to do)
        } else {
            eventsWaiting = true;
        }
    }

    /** After a batch committed. */
    void committed() {
        advancedAt = System.nanoTime();
    }

    /** Why the projector is stalled, or empty when it is not. */
    Optional<String> stall() {
        long still = System.nanoTime() - advancedAt;
        if (!eventsWaiting || still < stallAfter.toNanos()) {
            return Optional.empty();
        }
        return Optional.of("stalled: no batch committed for " + Duration.ofNanos(still).toSeconds()
                + " s while events wait (lag " + lag + " at the last poll; PROJECTOR_STALL_AFTER=" + stallAfter + ")");
    }
}
