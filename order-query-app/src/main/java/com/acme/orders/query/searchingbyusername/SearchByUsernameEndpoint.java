package com.acme.orders.query.searchingbyusername;

import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Optional;

/** {@code GET /orders/search/username?username=}: active orders whose user's name contains the text. */
public final class SearchByUsernameEndpoint implements Handler {

    private static final int MAX_LENGTH = 100;

    private final OrdersByUsername orders;
    private final ReadYourWrites readYourWrites;

    public SearchByUsernameEndpoint(OrdersByUsername orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<String> text = params.required("username");
        int length = text.map(username -> username.codePointCount(0, username.length())).orElse(0);
        if (length > MAX_LENGTH) {
            params.reject("username", "must be at most " + MAX_LENGTH + " characters, was " + length);
        }
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        String username = text.orElseThrow();
        PageRequest page = requested.orElseThrow();
        String list = "username:" + username;
        long beforeId = page.beforeId(list);

        readYourWrites.respond(ctx, () -> ctx.json(page.pageById(orders.containing(username, beforeId,
                page.fetchSize()), list)));
    }
}
