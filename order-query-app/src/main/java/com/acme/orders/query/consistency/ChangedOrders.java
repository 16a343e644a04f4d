package com.acme.orders.query.consistency;

import com.acme.orders.readmodel.ReadModel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which orders one or more NOTIFY payloads say changed: the listed ids, or everything.
 *
 * @param everything true for the payload {@value ReadModel#EVERYTHING} (and for anything unreadable: a wasted
 *                   re-check is cheap, a missed one leaves a request waiting until its bound)
 * @param ids        the listed order ids when not everything
 * @param versions   the version committed for those ids the payload gave one ({@code id:version}); an id without
 *                   one (a row rewritten in place, a repair) has to be read from the database
 */
public record ChangedOrders(boolean everything, Set<Long> ids, Map<Long, Long> versions) {

    public static final ChangedOrders EVERYTHING = new ChangedOrders(true, Set.of(), Map.of());

    public ChangedOrders {
        ids = Set.copyOf(ids);
        versions = Map.copyOf(versions);
    }

    /** Listed ids without versions. */
    public ChangedOrders(boolean everything, Set<Long> ids) {
        this(everything, ids, Map.of());
    }

    /** Reads payloads such as {@code 42:3}, {@code 42:3,43:1,44}, {@code 42} or {@code *}. */
    public static ChangedOrders parse(Iterable<String> payloads) {
        Set<Long> ids = new HashSet<>();
        Map<Long, Long> versions = new HashMap<>();
        Set<Long> bare = new HashSet<>();
        for (String payload : payloads) {
            if (payload == null || payload.isBlank() || payload.trim().equals(ReadModel.EVERYTHING)) {
                return EVERYTHING;
            }
            for (String entry : payload.split(",")) {
                int colon = entry.indexOf(':');
                try {
                    long id = Long.parseLong((colon < 0 ? entry : entry.substring(0, colon)).trim());
                    ids.add(id);
                    if (colon < 0) {
                        bare.add(id);
                    } else {
                        // Of two notifications for one order, the later one (higher version) counts.
                        versions.merge(id, Long.parseLong(entry.substring(colon + 1).trim()), Math::max);
                    }
                } catch (NumberFormatException e) {
                    return EVERYTHING;
                }
            }
        }
        // A row also rewritten in place (its user renamed) is read from the database, whatever its version says.
        bare.forEach(versions::remove);
        return new ChangedOrders(false, ids, versions);
    }

    public boolean includes(long orderId) {
        return everything || ids.contains(orderId);
    }

    /** The ids among {@code wanted} whose version the payload did not give. */
    public Set<Long> withoutVersion(Set<Long> wanted) {
        Set<Long> missing = new HashSet<>(wanted);
        missing.removeAll(versions.keySet());
        return missing;
    }
}
