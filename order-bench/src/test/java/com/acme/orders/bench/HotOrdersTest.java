package com.acme.orders.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java client's side of the GET /orders/{id} mix, the same as the wrk script's and pgbench's. */
class HotOrdersTest {

    @Test
    void no_request_asks_for_an_order_the_synthetic_data_deleted() {
        ReadLoad.HotOrders hotOrders = new ReadLoad.HotOrders(1_000);

        List<Long> ids = LongStream.range(0, 100_000).map(hotOrders::spread).boxed().toList();

        assertThat(ids).noneMatch(id -> id % SyntheticData.DELETED_EVERY == 0);
    }

    @Test
    void four_in_five_requests_go_to_the_first_fifth_of_the_ids_and_none_outside_them() {
        ReadLoad.HotOrders hotOrders = new ReadLoad.HotOrders(1_000);

        List<Long> ids = LongStream.range(0, 100_000).map(hotOrders::spread).boxed().toList();

        assertThat(ids).allSatisfy(id -> assertThat(id).isBetween(1L, 1_000L));
        double hotShare = ids.stream().filter(id -> id <= 200).count() / (double) ids.size();
        assertThat(hotShare).isBetween(0.79, 0.81);
    }

    @Test
    void the_next_run_sends_other_ids_in_the_same_mix() {
        ReadLoad.HotOrders first = new ReadLoad.HotOrders(1_000_000);
        ReadLoad.HotOrders next = first.next();

        List<Long> firstIds = ids(first);
        List<Long> nextIds = ids(next);

        List<Long> firstCold = firstIds.stream().filter(id -> id > 200_000).toList();
        assertThat(firstCold).hasSizeGreaterThan(100);
        assertThat(nextIds).doesNotContainAnyElementsOf(firstCold);
        double hotShare = nextIds.stream().filter(id -> id <= 200_000).count() / (double) nextIds.size();
        assertThat(hotShare).isBetween(0.75, 0.85);
        assertThat(next.lua()).isNotEqualTo(first.lua()).contains("thread:set(\"seed\", 64 + threads)");
    }

    /** The ids of the first 1,000 requests the Java client sends. */
    private static List<Long> ids(ReadLoad.HotOrders orders) {
        HttpLoad.Requests requests = orders.java("127.0.0.1", 80);
        return java.util.stream.IntStream.range(0, 1_000)
                .mapToObj(n -> new String(requests.apply(n)).split(" ")[1])
                .map(path -> Long.parseLong(path.substring("/orders/".length()))).toList();
    }
}
