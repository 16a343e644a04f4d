package com.acme.orders.query.gettingbyamount;

import com.acme.orders.query.consistency.ReadYourWrites;
import com.acme.orders.query.web.Cursor;
import com.acme.orders.query.web.PageRequest;
import com.acme.orders.query.web.QueryParams;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.math.BigDecimal;
import java.util.Optional;

/** {@code GET /orders/amount-greater-than?amount=}: active orders above the amount, smallest total first. */
public final class GetOrdersAboveAmountEndpoint implements Handler {

    /** Far beyond any order total (NUMERIC(18, 2)), and small enough that PostgreSQL never chokes on it. */
    private static final int MAX_DIGITS = 30;

    private final OrdersAboveAmount orders;
    private final ReadYourWrites readYourWrites;

    public GetOrdersAboveAmountEndpoint(OrdersAboveAmount orders, ReadYourWrites readYourWrites) {
        this.orders = orders;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public void handle(Context ctx) {
        QueryParams params = QueryParams.of(ctx);
        Optional<BigDecimal> threshold = params.required("amount").flatMap(text -> amount(params, text));
        Optional<PageRequest> requested = params.page();
        params.throwIfInvalid();
        BigDecimal amount = threshold.orElseThrow();
        PageRequest page = requested.orElseThrow();
        String list = "amount:" + amount.stripTrailingZeros().toPlainString();
        Optional<Cursor> after = page.cursor().map(cursor -> cursor.requireList(list, 2));
        // The first page starts just above (amount, MAX): after every order of exactly that amount.
        BigDecimal afterAmount = after.map(cursor -> cursor.decimalAt(0)).orElse(amount);
        long afterId = after.map(cursor -> cursor.longAt(1)).orElse(Long.MAX_VALUE);

        readYourWrites.respond(ctx, () -> ctx.json(page.page(
                orders.after(amount, afterAmount, afterId, page.fetchSize()),
                last -> Cursor.of(list, last.totalAmount(), last.id()))));
    }

    private static Optional<BigDecimal> amount(QueryParams params, String text) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return params.reject("amount", "must be a decimal number such as 25.50, was '"
                    + (text.length() <= 40 ? text : text.substring(0, 40) + "…") + "'");
        }
        if (amount.precision() - amount.scale() > MAX_DIGITS || amount.scale() > MAX_DIGITS) {
            return params.reject("amount", "is out of range");
        }
        if (amount.signum() < 0) {
            return params.reject("amount", "must not be negative, was " + amount.toPlainString());
        }
        return Optional.of(amount);
    }
}
