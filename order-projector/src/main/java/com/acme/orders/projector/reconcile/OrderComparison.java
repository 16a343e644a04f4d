package com.acme.orders.projector.reconcile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Merge-joins the read side and the write side, both in id order, holding one order of each at a time. */
final class OrderComparison {

    private OrderComparison() {
    }

    /** Hands every order that differs to {@code drifted}; returns how many distinct orders were seen. */
    static long compare(Iterator<ProjectedOrder> read, Iterator<WrittenOrder> written, Consumer<Drift> drifted) {
        long compared = 0;
        ProjectedOrder projected = read.hasNext() ? read.next() : null;
        WrittenOrder order = written.hasNext() ? written.next() : null;
        while (projected != null || order != null) {
            compared++;
            if (projected == null || order != null && order.id() < projected.id()) {
                drifted.accept(new Drift(order.id(), List.of("missing from the read model")));
                order = written.hasNext() ? written.next() : null;
            } else if (order == null || projected.id() < order.id()) {
                drifted.accept(new Drift(projected.id(), List.of("not in the write model")));
                projected = read.hasNext() ? read.next() : null;
            } else {
                List<String> differences = differences(order, projected);
                if (!differences.isEmpty()) {
                    drifted.accept(new Drift(order.id(), differences));
                }
                order = written.hasNext() ? written.next() : null;
                projected = read.hasNext() ? read.next() : null;
            }
        }
        return compared;
    }

    static List<String> differences(WrittenOrder written, ProjectedOrder read) {
        List<String> differences = new ArrayList<>();
        differ(differences, "version", read.version(), written.version());
        differ(differences, "status", read.status(), written.status());
        if (read.totalAmount().compareTo(written.totalAmount()) != 0) {
            differences.add("totalAmount: read model " + read.totalAmount().toPlainString() + ", write model "
                    + written.totalAmount().toPlainString());
        }
        differ(differences, "itemsCount", read.itemsCount(), written.itemsCount());
        differ(differences, "deleted", read.deleted(), written.deleted());
        differ(differences, "userId", read.userId(), written.userId());
        if (read.usernameDiffers()) {
            differences.add("userUsername differs from user_directory");
        }
        if (read.emailDiffers()) {
            differences.add("userEmail differs from user_directory");
        }
        return differences;
    }

    private static void differ(List<String> differences, String field, Object read, Object written) {
        if (!Objects.equals(read, written)) {
            differences.add(field + ": read model " + read + ", write model " + written);
        }
    }
}
