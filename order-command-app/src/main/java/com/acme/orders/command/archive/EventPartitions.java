package com.acme.orders.command.archive;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly partitions of {@code order_events} ({@code order_events_YYYY_MM}, months in UTC): created ahead of
 * need, and dropped once they lie in the past and the archiver has emptied them. What lands in the default
 * partition (an event whose month had no partition) is counted and reported.
 */
public final class EventPartitions {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    private static final Pattern NAME = Pattern.compile("order_events_(\\d{4})_(\\d{2})");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

    private final Jdbi jdbi;

    public EventPartitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static String name(YearMonth month) {
        return "order_events_" + month.format(SUFFIX);
    }

    /**
     * Makes sure this month and the next {@code monthsAhead} have a partition; returns those it created. A month
     * whose rows already sit in the default partition cannot get one (PostgreSQL refuses); it is reported and
     * left in the default.
     */
    public List<String> createAhead(Instant now, int monthsAhead) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= monthsAhead; i++) {
            YearMonth month = current.plusMonths(i);
            String name = name(month);
            try {
                boolean made = jdbi.inTransaction(handle -> {
                    if (exists(handle, name)) {
                        return false;
                    }
                    // Creating a partition locks order_events for a moment: commands would queue behind a long
                    // wait, so give up quickly; the month is tried again next round, months ahead of need.
                    handle.execute("SET LOCAL lock_timeout = '100ms'");
                    handle.execute(String.format(
                            "CREATE TABLE IF NOT EXISTS %s PARTITION OF order_events FOR VALUES FROM ('%s') TO ('%s')",
                            name, month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                            month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
                    return true;
                });
                if (made) {
                    created.add(name);
                    log.info("event store partition created partition={}", name);
                }
            } catch (RuntimeException e) {
                log.warn("event store partition not created partition={} reason={}", name, e.getMessage());
            }
        }
        return created;
    }

    /** Events in the default partition: each is one that arrived before its month's partition existed. */
    public long eventsInDefault() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM order_events_default")
                .mapTo(Long.class).one());
    }

    /** Drops the month partitions that ended before this month and hold no event any more; returns their names. */
    public List<String> dropEmptyPast(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<String> dropped = new ArrayList<>();
        for (String name : monthPartitions()) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                continue;
            }
            YearMonth month = YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
            if (!month.isBefore(current)) {
                continue;
            }
            try {
                boolean empty = jdbi.inTransaction(handle -> {
                    // Dropping a partition locks the whole event store (DETACH CONCURRENTLY is not allowed beside a
                    // default partition): wait briefly or skip the month until the next round rather than queue
                    // every command behind a long reader (a rebuild) and this lock.
                    handle.execute("SET LOCAL lock_timeout = '100ms'");
                    handle.execute("LOCK TABLE " + name + " IN ACCESS EXCLUSIVE MODE");
                    if (handle.createQuery("SELECT EXISTS (SELECT 1 FROM " + name + ")").mapTo(Boolean.class).one()) {
                        return false;
                    }
                    handle.execute("DROP TABLE " + name);
                    return true;
                });
                if (empty) {
                    dropped.add(name);
                    log.info("event store partition dropped partition={} reason=empty", name);
                }
            } catch (RuntimeException e) {
                log.warn("event store partition not dropped partition={} reason={}", name, e.getMessage());
            }
        }
        return dropped;
    }

    /** The month partitions there are, oldest first. */
    public List<String> monthPartitions() {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'order_events'::regclass AND c.relname <> 'order_events_default'
                        ORDER BY c.relname
                        """)
                .mapTo(String.class)
                .list());
    }

    private static boolean exists(Handle handle, String name) {
        return handle.createQuery("SELECT to_regclass(:name) IS NOT NULL").bind("name", name)
                .mapTo(Boolean.class).one();
    }
}
