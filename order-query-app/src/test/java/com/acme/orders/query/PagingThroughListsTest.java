package com.acme.orders.query;

import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walking a list page by page with its cursors shows every order exactly once, in the list's order, however
 * many share a sort value; the last page says there is no next one.
 */
class PagingThroughListsTest {

    private static final String[] STATUSES = {"PENDING", "CONFIRMED", "SHIPPED"};
    private static final List<ReadModelOrder> ORDERS = LongStream.rangeClosed(1, 70)
            .mapToObj(PagingThroughListsTest::generated)
            .toList();
    private static final List<ReadModelOrder> ACTIVE = ORDERS.stream().filter(order -> !order.deleted()).toList();

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        app.readModel.save(ORDERS.toArray(ReadModelOrder[]::new));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void all_orders_page_by_page() {
        List<Long> walked = walk("/orders?limit=3");

        assertThat(walked).containsExactlyElementsOf(expected(order -> true, newestFirst()));
    }

    @Test
    void orders_in_a_status_page_by_page() {
        List<Long> walked = walk("/orders/status/CONFIRMED?limit=3");

        assertThat(walked).containsExactlyElementsOf(expected(order -> order.status().equals("CONFIRMED"),
                newestFirst()));
    }

    @Test
    void a_users_orders_page_by_page() {
        assertThat(walk("/orders/user/2?limit=3"))
                .containsExactlyElementsOf(expected(order -> order.userId() == 2, newestFirst()));
        assertThat(walk("/orders/user/2/status/PENDING?limit=2")).containsExactlyElementsOf(
                expected(order -> order.userId() == 2 && order.status().equals("PENDING"), newestFirst()));
    }

    @Test
    void a_date_range_page_by_page_with_shared_creation_times() {
        Instant from = Instant.parse("2026-11-25T11:00:00Z");
        Instant to = Instant.parse("2026-11-25T14:00:00Z");

        List<Long> walked = walk("/orders/date-range?from=" + from + "&to=" + to + "&limit=3");

        assertThat(walked).containsExactlyElementsOf(expected(
                order -> !order.createdAt().isBefore(from) && order.createdAt().isBefore(to),
                Comparator.comparing(ReadModelOrder::createdAt).thenComparingLong(ReadModelOrder::id).reversed()));
    }

    @Test
    void orders_above_an_amount_page_by_page_with_shared_totals() {
        BigDecimal amount = new BigDecimal("20.00");

        List<Long> walked = walk("/orders/amount-greater-than?amount=20&limit=3");

        assertThat(walked).containsExactlyElementsOf(expected(order -> order.totalAmount().compareTo(amount) > 0,
                Comparator.comparing(ReadModelOrder::totalAmount).thenComparingLong(ReadModelOrder::id)));
    }

    @Test
    void a_username_search_page_by_page() {
        assertThat(walk("/orders/search/username?username=USER-1&limit=3"))
                .containsExactlyElementsOf(expected(order -> order.username().startsWith("user-1"), newestFirst()));
    }

    @Test
    void a_short_username_search_page_by_page() {
        // A text of up to four characters is first looked for among the newest orders below the cursor: full
        // pages come from there, the last one (fewer left than a page) from the users' orders.
        assertThat(walk("/orders/search/username?username=R-2&limit=4"))
                .containsExactlyElementsOf(expected(order -> order.username().equals("user-2"), newestFirst()));
        assertThat(walk("/orders/search/username?username=SER&limit=7"))
                .containsExactlyElementsOf(expected(order -> true, newestFirst()));
    }

    @Test
    void a_page_exactly_as_long_as_what_is_left_is_the_last() {
        int active = ACTIVE.size();

        HttpJson.Response everything = app.http.get("/orders?limit=" + active);
        HttpJson.Response allButOne = app.http.get("/orders?limit=" + (active - 1));

        assertThat(ListingOrdersTest.ids(everything)).hasSize(active);
        assertThat(everything.json().get("nextCursor").isNull()).isTrue();
        assertThat(allButOne.json().get("nextCursor").isTextual()).isTrue();
    }

    @Test
    void without_a_limit_a_page_has_fifty_orders() {
        HttpJson.Response first = app.http.get("/orders");

        assertThat(ListingOrdersTest.ids(first)).hasSize(50);
        assertThat(walk("/orders")).containsExactlyElementsOf(expected(order -> true, newestFirst()));
    }

    /** Follows nextCursor from the first page to the last, checking each page's size; the ids in order. */
    private static List<Long> walk(String firstPage) {
        int limit = firstPage.contains("limit=") ? Integer.parseInt(firstPage.replaceAll(".*limit=(\\d+).*", "$1"))
                : 50;
        List<Long> ids = new ArrayList<>();
        String separator = firstPage.contains("?") ? "&" : "?";
        String next = null;
        int pages = 0;
        do {
            HttpJson.Response page = app.http.get(next == null ? firstPage : firstPage + separator + "cursor=" + next);
            List<Long> shown = ListingOrdersTest.ids(page);
            next = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            assertThat(shown.size()).as("page %d of %s", pages, firstPage).isLessThanOrEqualTo(limit);
            if (next != null) {
                assertThat(shown).as("a page before the last is full").hasSize(limit);
            }
            ids.addAll(shown);
            pages++;
        } while (next != null && pages < 100);
        assertThat(pages).as("pages of " + firstPage).isGreaterThan(1);
        return ids;
    }

    private static List<Long> expected(Predicate<ReadModelOrder> filter, Comparator<ReadModelOrder> order) {
        return ACTIVE.stream().filter(filter).sorted(order).map(ReadModelOrder::id).toList();
    }

    private static Comparator<ReadModelOrder> newestFirst() {
        return Comparator.comparingLong(ReadModelOrder::id).reversed();
    }

    /**
     * Order {@code id}: three users, three statuses, every seventh deleted, creation times shared by pairs and
     * totals shared by threes, so that ties cross page boundaries.
     */
    private static ReadModelOrder generated(long id) {
        long userId = id % 3 + 1;
        ReadModelOrder order = order(id)
                .by(userId, "user-" + userId)
                .amount(BigDecimal.valueOf(5 * (id / 3)).add(new BigDecimal("0.25")).toPlainString())
                .created(ReadModelOrder.BASE_TIME.plusSeconds(600 * (id / 2)).toString())
                .in(STATUSES[(int) (id / 2 % STATUSES.length)]);
        return id % 7 == 0 ? order.deletedLater() : order;
    }
}
