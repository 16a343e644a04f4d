package com.acme.orders.projector.project;

import com.acme.orders.events.UserEvent;
import com.acme.orders.platform.db.PlannedEachTime;
import com.acme.orders.platform.db.SqlArrays;
import org.jdbi.v3.core.Handle;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code user_directory}, fed by user events, and the user columns of the orders. A user event applies only
 * if it is newer (by occurrence time, then event id) than the one the directory holds, so redeliveries and
 * replays change nothing; when a user changes, all their orders are rewritten.
 */
public final class UserDirectory {

    /** What applying a batch's user events did. */
    public record Applied(int usersChanged, int skipped, Set<Long> ordersRewritten) {
    }

    public Applied apply(Handle handle, List<UserEvent> events) {
        if (events.isEmpty()) {
            return new Applied(0, 0, Set.of());
        }
        Map<Long, UserEvent> latest = new LinkedHashMap<>();
        Comparator<UserEvent> newest = Comparator.comparing(UserEvent::occurredAt).thenComparing(UserEvent::eventId);
        for (UserEvent event : events) {
            latest.merge(event.userId(), event, (a, b) -> newest.compare(a, b) >= 0 ? a : b);
        }
        List<UserEvent> candidates = List.copyOf(latest.values());
        List<Long> changed = handle.createQuery("""
                        INSERT INTO user_directory (user_id, username, email, occurred_at, event_id)
                        SELECT * FROM unnest(CAST(:userId AS bigint[]), CAST(:username AS text[]),
                                             CAST(:email AS text[]), CAST(:occurredAt AS timestamptz[]),
                                             CAST(:eventId AS uuid[]))
                        ON CONFLICT (user_id) DO UPDATE
                            SET username = EXCLUDED.username, email = EXCLUDED.email,
                                occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id
                            WHERE (user_directory.occurred_at, user_directory.event_id)
                                  < (EXCLUDED.occurred_at, EXCLUDED.event_id)
                        RETURNING user_id
                        """)
                .bindByType("userId", candidates.stream().map(UserEvent::userId).toList(), SqlArrays.LONGS)
                .bindByType("username", candidates.stream().map(UserEvent::username).toList(), SqlArrays.STRINGS)
                .bindByType("email", candidates.stream().map(UserEvent::email).toList(), SqlArrays.STRINGS)
                .bindByType("occurredAt", candidates.stream().map(e -> e.occurredAt().toString()).toList(),
                        SqlArrays.STRINGS)
                .bindByType("eventId", candidates.stream().map(e -> e.eventId().toString()).toList(), SqlArrays.STRINGS)
                .mapTo(Long.class)
                .list();
        if (changed.isEmpty()) {
            return new Applied(0, events.size(), Set.of());
        }
        Set<Long> rewritten = new HashSet<>(handle.createQuery("""
                        UPDATE order_read_models o
                        SET user_username = u.username, user_email = u.email
                        FROM user_directory u
                        WHERE u.user_id = ANY(:changed) AND o.user_id = u.user_id
                          AND (o.user_username IS DISTINCT FROM u.username OR o.user_email IS DISTINCT FROM u.email)
                        RETURNING o.id
                        """)
                .addCustomizer(PlannedEachTime.CUSTOMIZER)
                .bindByType("changed", changed, SqlArrays.LONGS)
                .mapTo(Long.class)
                .list());
        return new Applied(changed.size(), events.size() - changed.size(), rewritten);
    }
}
