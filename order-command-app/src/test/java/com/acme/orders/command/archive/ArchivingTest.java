package com.acme.orders.command.archive;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.verify.ReplayVerifier;
import com.acme.orders.events.EventCodec;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.platform.eventstore.EventHistory;
import com.acme.orders.platform.eventstore.RecordedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events of finished orders past ARCHIVE_AFTER leave the hot store for the compressed archive, one transaction per
 * batch, and every reader still sees the whole history.
 */
class ArchivingTest {

    private static final Instant NOW = Instant.now();
    /** Orders 1–3 finished here; their month's partition ends up empty. */
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(300));
    /** Orders 4 and 5 live here: 4 is not finished, 5 still waits for the relay. */
    private static final Instant AGO = NOW.minus(Duration.ofDays(200));

    private WriteStore store;
    private SimpleMeterRegistry registry;
    private Archiver archiver;

    @BeforeEach
    void fill() {
        store = WriteStore.latest("archiving");
        EventPartitions partitions = new EventPartitions(store.jdbi);
        partitions.createAhead(LONG_AGO, 0);
        partitions.createAhead(AGO, 0);
        store.clock.set(LONG_AGO);
        store.delivered(1);
        store.create(2);
        store.status(2, OrderStatus.CANCELLED);
        store.create(3);
        store.delete(3);
        store.clock.set(AGO);
        store.create(4);
        store.status(4, OrderStatus.CONFIRMED);
        store.publishAll();
        store.delivered(5);
        store.clock.set(NOW);
        store.delivered(6);
        registry = new SimpleMeterRegistry();
        archiver = archiver(NOW, 2);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void finished_orders_past_the_cut_off_move_to_the_archive_and_nothing_else_does() {
        List<RecordedEvent> before = history(1);

        Archiver.Run run = archiver.run(false, line -> { });

        assertThat(run.orders()).isEqualTo(3);
        assertThat(run.events()).isEqualTo(5 + 2 + 2);
        assertThat(run.compressedBytes()).isPositive().isLessThan(run.rawBytes());
        assertThat(store.strings("SELECT DISTINCT order_id::text FROM order_events ORDER BY 1"))
                .containsExactly("4", "5", "6");
        assertThat(store.strings("SELECT order_id || ':' || events FROM order_events_archive ORDER BY order_id"))
                .containsExactly("1:5", "2:2", "3:2");
        assertThat(history(1)).extracting(RecordedEvent::archived).containsOnly(true);
        assertThat(withoutArchivedFlag(history(1))).isEqualTo(withoutArchivedFlag(before));
        assertThat(registry.get("archive.events.archived").counter().count()).isEqualTo(9);
        assertThat(registry.get("event.store.archive.size").gauge().value()).isPositive();
        assertThat(registry.get("archive.last.run.timestamp").gauge().value()).isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void a_past_month_left_empty_loses_its_partition_and_one_still_holding_events_keeps_it() {
        Archiver.Run run = archiver.run(false, line -> { });

        assertThat(run.droppedPartitions()).containsExactly(partition(LONG_AGO));
        assertThat(new EventPartitions(store.jdbi).monthPartitions())
                .doesNotContain(partition(LONG_AGO)).contains(partition(AGO));
    }

    @Test
    void replay_verification_passes_over_hot_and_archived_events() {
        long events = store.count("SELECT count(*) FROM order_events");
        archiver.run(false, line -> { });

        ReplayVerifier.Report report = new ReplayVerifier(store.jdbi, new EventStore(new EventCodec()))
                .verify(line -> { });

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.ordersReplayed()).isEqualTo(6);
        assertThat(report.eventsReplayed()).isEqualTo(events);
    }

    @Test
    void an_event_appended_after_archiving_joins_the_archived_ones_in_the_history_and_in_the_next_run() {
        archiver.run(false, line -> { });
        store.delete(2);

        assertThat(history(2)).extracting(e -> e.version() + ":" + e.archived())
                .containsExactly("1:true", "2:true", "3:false");
        assertThat(new ReplayVerifier(store.jdbi, new EventStore(new EventCodec())).verify(line -> { }).consistent())
                .isTrue();

        store.publishAll();
        archiver(NOW.plus(Duration.ofDays(100)), 10).run(false, line -> { });

        assertThat(history(2)).extracting(e -> e.version() + ":" + e.archived())
                .containsExactly("1:true", "2:true", "3:true");
        assertThat(store.count("SELECT events FROM order_events_archive WHERE order_id = 2")).isEqualTo(3);
    }

    @Test
    void a_second_run_finds_nothing_left_to_archive() {
        archiver.run(false, line -> { });

        Archiver.Run second = archiver.run(false, line -> { });

        assertThat(second.events()).isZero();
        assertThat(store.count("SELECT count(*) FROM order_events_archive")).isEqualTo(3);
    }

    @Test
    void while_the_relay_is_far_behind_nothing_is_archived() {
        store.jdbi.useHandle(handle -> handle.execute(
                "INSERT INTO outbox (position) SELECT 1000000 + n FROM generate_series(1, ?) n", Archiver.OUTBOX_LIMIT));
        List<String> progress = new ArrayList<>();

        Archiver.Run run = archiver.run(false, progress::add);

        assertThat(run.events()).isZero();
        assertThat(progress).singleElement().asString().startsWith("skipped");
        assertThat(store.count("SELECT count(*) FROM order_events_archive")).isZero();
    }

    @Test
    void a_dry_run_counts_what_would_move_and_moves_nothing() {
        long hot = store.count("SELECT count(*) FROM order_events");
        List<String> progress = new ArrayList<>();

        Archiver.Run run = archiver.run(true, progress::add);

        assertThat(run.events()).isEqualTo(9);
        assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith("would archive"));
        assertThat(store.count("SELECT count(*) FROM order_events")).isEqualTo(hot);
        assertThat(store.count("SELECT count(*) FROM order_events_archive")).isZero();
        assertThat(new EventPartitions(store.jdbi).monthPartitions()).contains(partition(LONG_AGO));
    }

    @Test
    void a_batch_that_fails_after_writing_the_archive_leaves_both_stores_as_they_were() {
        store.jdbi.useHandle(handle -> handle.execute("""
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the disk is full'; END $$;
                CREATE TRIGGER refuse_delete BEFORE DELETE ON order_events
                    FOR EACH ROW WHEN (OLD.order_id = 3) EXECUTE FUNCTION refuse();
                """));
        List<String> hot = store.strings("SELECT position || ':' || event_id FROM order_events ORDER BY position");
        Archiver oneBatch = archiver(NOW, 10);

        assertThatThrownBy(() -> oneBatch.run(false, line -> { })).hasMessageContaining("the disk is full");

        assertThat(store.strings("SELECT position || ':' || event_id FROM order_events ORDER BY position"))
                .isEqualTo(hot);
        assertThat(store.count("SELECT count(*) FROM order_events_archive")).isZero();
        assertThat(registry.get("archive.events.archived").counter().count()).isZero();
    }

    @Test
    void an_event_whose_month_has_no_partition_lands_in_the_default_one_and_is_reported() {
        Instant farAhead = NOW.plus(Duration.ofDays(800));
        store.clock.set(farAhead);

        store.create(7);
        archiver.preparePartitions();

        assertThat(store.count("SELECT count(*) FROM order_events_default")).isEqualTo(1);
        assertThat(registry.get("event.store.default.partition.events").gauge().value()).isEqualTo(1);
        assertThat(history(7)).hasSize(1);
    }

    @Test
    void partitions_for_the_coming_months_are_created_ahead() {
        Instant next = NOW.plus(Duration.ofDays(40));

        List<String> created = new EventPartitions(store.jdbi).createAhead(NOW, 6);

        assertThat(new EventPartitions(store.jdbi).monthPartitions()).contains(partition(next),
                partition(NOW.plus(Duration.ofDays(180))));
        assertThat(created).contains(partition(NOW.plus(Duration.ofDays(31 * 5 + 5))));
    }

    private Archiver archiver(Instant now, int batchSize) {
        return new Archiver(store.jdbi, new ArchiveSettings(true, Duration.ofDays(90), Duration.ofMinutes(10),
                batchSize, 3), new WriteStore.SetClock(now), registry);
    }

    private List<RecordedEvent> history(long orderId) {
        return EventHistory.inSnapshot(store.jdbi, handle -> EventHistory.ofOrder(handle, orderId));
    }

    private static List<String> withoutArchivedFlag(List<RecordedEvent> events) {
        return events.stream().map(e -> e.position() + "|" + e.eventId() + "|" + e.version() + "|" + e.type() + "|"
                + e.schemaVersion() + "|" + e.occurredAt() + "|" + e.payloadJson().replace(" ", "")).toList();
    }

    private static String partition(Instant at) {
        return EventPartitions.name(YearMonth.from(at.atZone(ZoneOffset.UTC)));
    }
}
