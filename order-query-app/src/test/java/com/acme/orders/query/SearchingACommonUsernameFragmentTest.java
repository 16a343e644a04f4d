package com.acme.orders.query;

import com.acme.orders.query.searchingbyusername.OrdersByUsername;
import com.acme.orders.testkit.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static com.acme.orders.query.ListingOrdersTest.ids;
import static com.acme.orders.query.ReadModelOrder.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fragment shared by more users than the search fetches by user id is answered by the other plan, walking
 * the orders by key: the answer is the same as for a rare fragment, newest first, deleted orders left out.
 */
class SearchingACommonUsernameFragmentTest {

    private static RunningQueryApp app;

    @BeforeAll
    static void start() {
        app = RunningQueryApp.start();
        int crowd = OrdersByUsername.FEW_USERS + 50;
        app.jdbi.useHandle(handle -> handle.execute("""
                INSERT INTO user_directory (user_id, username, email, occurred_at, event_id)
                SELECT 1000 + u, 'crowd' || u, '', now(), gen_random_uuid() FROM generate_series(1, ?) u""", crowd));
        app.readModel.save(
                order(1).by(1003, "crowd3"),
                order(2).by(1500, "crowd500"),
                order(3).by(7, "alice"),
                order(4).by(1003, "crowd3").deletedLater(),
                order(5).by(1000 + crowd, "crowd" + crowd),
                order(6).by(8, "bob"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void many_matching_users_still_give_their_orders_newest_first() {
        assertThat(ids(app.http.get("/orders/search/username?username=CROWD"))).containsExactly(5L, 2L, 1L);
        assertThat(ids(app.http.get("/orders/search/username?username=crowd500"))).containsExactly(2L);
    }

    @Test
    void pages_of_a_common_fragment_follow_each_other() {
        HttpJson.Response first = app.http.get("/orders/search/username?username=crowd&limit=2");
        assertThat(ids(first)).containsExactly(5L, 2L);
        String cursor = URLEncoder.encode(first.json().path("nextCursor").asText(), StandardCharsets.UTF_8);
        assertThat(ids(app.http.get("/orders/search/username?username=crowd&limit=2&cursor=" + cursor)))
                .containsExactly(1L);
    }
}
