package com.acme.orders.projector.reconcile;

import com.acme.orders.platform.db.Postgres;
import com.acme.orders.projector.project.OrderRows;
import com.acme.orders.projector.repair.EventStoreReader;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The inconsistency alarm. One pass:
 *
 * <ol>
 *   <li>reads the write model's orders and the read model's rows in id order, a page of each at a time, and
 *       merge-joins them: version, status, total, items count, deleted and user id must agree, and each row's user
 *       columns must agree with {@code user_directory};</li>
 *   <li>gives the orders that differ the grace period to catch up, because the read side is eventually
 *       consistent, then compares just those again: only the ones that still differ have drifted;</li>
 *   <li>logs one WARN line per drifted order, re-projects each from the event store in place of its row, and
 *       compares the repaired orders once more.</li>
 * </ol>
 * An order the projector has not caught up with within the grace period counts as drift and is repaired from
 * the event store, which is harmless: the projector then skips the events the repair already applied.
 */
public final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    /** Orders that differ beyond this many in one pass wait for the next one, so that memory stays bounded. */
    static final int MAX_SUSPECTS = 10_000;
    /** Orders read from each side at a time. */
    public static final int PAGE = 1_000;
    private static final int IDS_PER_QUERY = 1_000;

    /** Whether a pass repairs what it finds or only reports it. */
    public enum Mode { REPAIR, DRY_RUN }

    /**
     * What a pass found and did.
     *
     * @param compared     distinct orders seen on either side
     * @param inFlight     orders that differed at first but caught up within the grace period
     * @param drifted      orders that still differed after the grace period
     * @param repaired     drifted orders re-projected from the event store that now agree (none in a dry run)
     * @param stillDrifted drifted orders whose repair failed or that still differ after it
     * @param unchecked    orders that differed beyond {@value #MAX_SUSPECTS}, left for the next pass
     * @param took         the whole pass, grace period included
     */
    public record Report(long compared, int inFlight, List<Drift> drifted, List<Long> repaired,
                         List<Drift> stillDrifted, long unchecked, Duration took) {

        public Report {
            drifted = List.copyOf(drifted);
            repaired = List.copyOf(repaired);
            stillDrifted = List.copyOf(stillDrifted);
        }

        /** Nothing drifted, or everything that did is repaired. */
        public boolean consistent() {
            return unchecked == 0 && repaired.size() == drifted.size();
        }

        public String summary() {
            return "reconcile: compared " + compared + " orders, " + drifted.size() + " drifted, " + repaired.size()
                    + " repaired, " + stillDrifted.size() + " still drifted, " + inFlight + " in flight"
                    + (unchecked == 0 ? "" : ", " + unchecked + " more differed and were left for the next pass")
                    + ", took " + took.toMillis() + " ms";
        }
    }

    private record FirstLook(long compared, List<Long> suspects, long unchecked) {
    }

    private record Repairs(List<Long> repaired, List<Drift> stillDrifted) {
    }

    private final Jdbi readDatabase;
    private final Jdbi writeDatabase;
    private final Duration grace;
    private final double workShare;
    private final ReadSide readSide = new ReadSide();
    private final WriteSide writeSide = new WriteSide();
    private final ReadModelRepair repair;
    private final ReconcilerMetrics metrics;

    /**
     * @param workShare the share of a pass's time spent comparing, in (0, 1]: after each page it rests for as long as
     *                  that page took times {@code (1 - workShare) / workShare}, so a pass running beside the projector
     *                  on shared cores does not take them in one burst; 1 for a pass nothing else waits on
     */
    public Reconciler(Jdbi readDatabase, Jdbi writeDatabase, EventStoreReader eventStore, Duration grace,
                      double workShare, MeterRegistry registry) {
        if (!(workShare > 0 && workShare <= 1)) {
            throw new IllegalArgumentException("workShare must be in (0, 1], was " + workShare);
        }
        this.readDatabase = readDatabase;
        this.writeDatabase = writeDatabase;
        this.grace = grace;
        this.workShare = workShare;
        this.repair = new ReadModelRepair(readDatabase, eventStore, new OrderRows());
        this.metrics = new ReconcilerMetrics(registry);
    }

    /**
     * Runs one pass; {@code progress} hears what it is doing. Passes never overlap: a periodic pass and one asked
     * for meanwhile run one after the other.
     */
    public synchronized Report run(Mode mode, Consumer<String> progress) {
        long started = System.nanoTime();
        try {
            Report report = pass(mode, progress, started);
            metrics.completed(report.drifted().size(), report.repaired().size(), report.took());
            log.info("reconcile pass compared={} drifted={} repaired={} stillDrifted={} inFlight={} unchecked={} "
                            + "mode={} tookMs={}", report.compared(), report.drifted().size(), report.repaired().size(),
                    report.stillDrifted().size(), report.inFlight(), report.unchecked(), mode,
                    report.took().toMillis());
            return report;
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
    }

    private Report pass(Mode mode, Consumer<String> progress, long started) {
        FirstLook look = firstLook();
        List<Drift> drifted = List.of();
        if (!look.suspects().isEmpty()) {
            progress.accept("reconcile: compared " + look.compared() + " orders, " + look.suspects().size()
                    + " differ; re-checking them after " + grace.toMillis() + " ms in case they are in flight");
            pause(grace);
            drifted = compare(look.suspects());
        }
        for (Drift drift : drifted) {
            log.warn("read model drift {}", drift.describe());
        }
        Repairs repairs = new Repairs(List.of(), List.of());
        if (mode == Mode.REPAIR && !drifted.isEmpty()) {
            progress.accept("reconcile: repairing " + drifted.size() + " drifted orders from the event store");
            repairs = repair(drifted);
        }
        return new Report(look.compared(), look.suspects().size() - drifted.size(), drifted, repairs.repaired(),
                repairs.stillDrifted(), look.unchecked(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Reads both sides a page at a time, each page in its own short statements (no snapshot held over the pass, so
     * vacuum keeps up meanwhile), and rests between pages so that the pass works {@code workShare} of its time.
     */
    private FirstLook firstLook() {
        List<Long> suspects = new ArrayList<>();
        long compared = 0;
        long[] differing = {0};
        long after = Long.MIN_VALUE;
        while (true) {
            long pageStarted = System.nanoTime();
            long from = after;
            // The read side first: a correct read model can then only be behind the write model, never ahead of it.
            List<ProjectedOrder> projected = readDatabase.withHandle(handle -> readSide.page(handle, from, PAGE));
            List<WrittenOrder> written = writeDatabase.withHandle(handle -> writeSide.page(handle, from, PAGE));
            // A full page may end before the other side's: both are compared up to the lower of their last ids.
            long upTo = Math.min(projected.size() == PAGE ? projected.get(PAGE - 1).id() : Long.MAX_VALUE,
                    written.size() == PAGE ? written.get(PAGE - 1).id() : Long.MAX_VALUE);
            compared += OrderComparison.compare(
                    projected.stream().filter(order -> order.id() <= upTo).iterator(),
                    written.stream().filter(order -> order.id() <= upTo).iterator(),
                    drift -> {
                        differing[0]++;
                        if (suspects.size() < MAX_SUSPECTS) {
                            suspects.add(drift.orderId());
                        }
                    });
            if (upTo == Long.MAX_VALUE) {
                return new FirstLook(compared, suspects, differing[0] - suspects.size());
            }
            after = upTo;
            pause(Duration.ofNanos((long) ((System.nanoTime() - pageStarted) * (1 - workShare) / workShare)));
        }
    }

    /** Compares these orders as both sides hold them now, read side first. */
    private List<Drift> compare(List<Long> ids) {
        List<Drift> drifted = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            List<ProjectedOrder> projected = readDatabase.withHandle(handle -> readSide.byIds(handle, chunk));
            List<WrittenOrder> written = writeDatabase.withHandle(handle -> writeSide.byIds(handle, chunk));
            OrderComparison.compare(projected.iterator(), written.iterator(), drifted::add);
        }
        return drifted;
    }

    /** Repairs each drifted order in its own short transaction, then compares the repaired ones again. */
    private Repairs repair(List<Drift> drifted) {
        List<Long> attempted = new ArrayList<>();
        List<Drift> stillDrifted = new ArrayList<>();
        for (Drift drift : drifted) {
            try {
                ReadModelRepair.Outcome outcome = repair.repair(drift.orderId());
                log.info("read model repaired orderId={} row={}", drift.orderId(), outcome);
                attempted.add(drift.orderId());
            } catch (RuntimeException e) {
                if (Postgres.isUnavailable(e)) {
                    throw e; // every other repair would wait for a connection too; the next pass tries again
                }
                log.warn("read model repair failed orderId={}: {}", drift.orderId(), e.getMessage());
                stillDrifted.add(new Drift(drift.orderId(), List.of("repair failed: " + e.getMessage())));
            }
        }
        List<Drift> notFixed = compare(attempted);
        Set<Long> notFixedIds = new HashSet<>();
        for (Drift drift : notFixed) {
            log.warn("read model still drifted after repair {}; the write model may disagree with the event store "
                    + "(run the command app's verify)", drift.describe());
            notFixedIds.add(drift.orderId());
        }
        stillDrifted.addAll(notFixed);
        return new Repairs(attempted.stream().filter(id -> !notFixedIds.contains(id)).toList(), stillDrifted);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconcile pass interrupted while it paused", e);
        }
    }
}
