package com.acme.orders.query.consistency;

import com.acme.orders.readmodel.ReadModel;

import java.util.HashSet;
import java.util.Set;

/**
 * Which orders one or more NOTIFY payloads say changed: the listed ids, or everything.
 *
 * @param everything true for the payload {@value ReadModel#EVERYTHING} (and for anything unreadable: a wasted
 *                   re-check is cheap, a missed one leaves a request waiting until its bound)
 * @param ids        the listed order ids when not everything
 */
public record ChangedOrders(boolean everything, Set<Long> ids) {

    public static final ChangedOrders EVERYTHING = new ChangedOrders(true, Set.of());

    public ChangedOrders {
        ids = Set.copyOf(ids);
    }

    /** Reads payloads such as {@code 42}, {@code 42,43,44} or {@code *}. */
    public static ChangedOrders parse(Iterable<String> payloads) {
        Set<Long> ids = new HashSet<>();
        for (String payload : payloads) {
            if (payload == null || payload.isBlank() || payload.trim().equals(ReadModel.EVERYTHING)) {
                return EVERYTHING;
            }
            for (String id : payload.split(",")) {
                try {
                    ids.add(Long.parseLong(id.trim()));
                } catch (NumberFormatException e) {
                    return EVERYTHING;
                }
            }
        }
        return new ChangedOrders(false, ids);
    }

    public boolean includes(long orderId) {
        return everything || ids.contains(orderId);
    }
}
