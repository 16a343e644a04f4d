package com.acme.orders.testkit;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What every response a test receives through {@link HttpJson} or {@link RawHttp} must satisfy. A test module
 * states its contract once, by naming an implementation in
 * {@code src/test/resources/META-INF/services/com.acme.orders.testkit.ResponseContract} (the command and query
 * apps name {@link OpenApiContract}); from then on no test in it can receive a response without the check, and a
 * response that breaks the contract fails the test with an {@link AssertionError}. Modules that name none are
 * not checked.
 */
public interface ResponseContract {

    /**
     * Checks one exchange.
     *
     * @param method  the request method, upper case
     * @param target  the request target as sent: path and query, still percent-encoded
     * @param headers the response headers (names in any case)
     * @param body    the response body as text, empty when there is none
     * @throws AssertionError when the response breaks the contract
     */
    void check(String method, String target, int status, Map<String, List<String>> headers, String body);

    /** The contract the test module declares, or one that accepts everything when it declares none. */
    static ResponseContract ofThisModule() {
        return Holder.CONTRACT;
    }

    /** Loaded once per test JVM. */
    final class Holder {

        private static final ResponseContract CONTRACT = ServiceLoader.load(ResponseContract.class).findFirst()
                .orElse((method, target, status, headers, body) -> {
                });

        private Holder() {
        }
    }
}
