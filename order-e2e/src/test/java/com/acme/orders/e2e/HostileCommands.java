package com.acme.orders.e2e;

import com.acme.orders.events.OrderStatus;
import com.acme.orders.e2e.HostileRequest.App;
import com.acme.orders.e2e.HostileRequest.Framing;
import com.acme.orders.e2e.HostileRequest.Http;
import com.acme.orders.e2e.KnownData.SeededOrder;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.acme.orders.e2e.Hostility.json;
import static com.acme.orders.events.Abbreviation.abbreviate;

/**
 * Hostile commands: each one carries at least one defect that the command app must refuse (a bad body, a
 * refused header, an order it may not change), so that none of them can write anything. Whatever else they
 * carry (SQL in a text field, odd Unicode, garbage headers) is noise on top.
 */
final class HostileCommands {

    static final String CREATE = "POST /orders";
    static final String CHANGE_STATUS = "PUT /orders/{id}/status";
    static final String DELETE = "DELETE /orders/{id}";

    private static final List<String> MALFORMED_JSON = List.of("{", "}", "{\"userId\": }", "{'userId': 1}",
            "{\"userId\": 1,}", "[1, 2]", "null", "\"text\"", "123", "{} {}", "{\"a\":1}}", "/* c */ {}",
            "{\"userId\": NaN}", "{\"userId\": Infinity}", "{\"userId\": 0x10}", "{\"userId\": 01}", "{\"userId\": .5}",
            "{\"userId\": +1}", "{\"userId\": undefined}", " ", "{\"a\" \"b\"}", "{\"userId\": 1 \"items\": []}",
            "<order/>", "userId=1&items=x", "{\"userId\": 1}\u0000", "\t\n", "{\"userId\": \"\\x41\"}",
            "{\"userId\": \"\\u12\"}", "{\"userId\": \"unterminated}", "{\"items\": [}");

    /** In a fixed order (not {@code Map.of}, whose order changes from run to run), so that a seed repeats a run. */
    private static final Map<String, List<String>> WRONG_TYPES = ordered(
            "userId", List.of("\"1\"", "true", "[]", "{}", "1.5", "null", "\"\"", "[1]", "1e3", "-1", "0", "-0",
                    "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1e309", "1e-400", "\"NaN\"",
                    "1.0"),
            "items", List.of("{}", "\"x\"", "1", "null", "[]", "[1]", "[[]]", "[null]", "true", "[\"SKU\"]"),
            // No "null": an order without a shipping address is valid (issue 9: digital goods, pickup).
            "shippingAddress", List.of("1", "[]", "{}", "true", "\"\"", "\"   \"", "\"\\t\\n\""),
            "notes", List.of("5", "[]", "{}", "true", "[\"a\"]"),
            "productId", List.of("1", "null", "[]", "{}", "true", "\"\"", "\"   \""),
            "quantity", List.of("\"2\"", "2.5", "true", "null", "[]", "{}", "0", "-1", "-0", "10001", "2147483648",
                    "1e309", "1e-400", "1e3", "-2147483649"),
            "unitPrice", List.of("\"1.00\"", "true", "null", "[]", "{}", "-0.01", "-1", "1000000", "1.001", "1e309",
                    "1e-400", "-1e309", "\"NaN\"", "9223372036854775808", "0.001", "1e31"));

    /** Fields whose text the domain checks, with how long it may be. */
    private static final Map<String, Integer> TEXT_FIELDS = ordered("shippingAddress", 500, "notes", 2_000,
            "productId", 64);

    private static final List<String> UNKNOWN_FIELDS = List.of("\"totalAmount\": 0.01", "\"status\": \"SHIPPED\"",
            "\"id\": 1", "\"version\": 1", "\"userid\": 1", "\"deleted\": false", "\"__proto__\": {}",
            "\"constructor\": {\"prototype\": {}}", "\"' OR 1=1 --\": 1", "\"\\u0000\": 1", "\"\": 1",
            "\"userId \": 1", "\"createdAt\": \"2000-01-01T00:00:00Z\"");

    private final Hostility hostility;
    private final KnownData known;

    HostileCommands(Hostility hostility, KnownData known) {
        this.hostility = hostility;
        this.known = known;
    }

    /** {@code POST /orders} with a defect in the body or in a header. */
    HostileRequest create() {
        OrderBody body = OrderBody.valid(hostility);
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        String mutation;
        Framing framing = Framing.LENGTH;
        byte[] bytes = null;
        switch (hostility.between(0, 15)) {
            case 0, 1 -> mutation = body.wrongType(hostility);
            case 2 -> mutation = body.forbiddenText(hostility);
            case 3 -> mutation = body.unknownField(hostility);
            case 4 -> mutation = body.missingField(hostility);
            case 5 -> mutation = body.badItems(hostility);
            case 6 -> mutation = body.duplicateKey(hostility);
            case 7 -> {
                String text = body.render();
                int cut = hostility.between(0, text.length() - 2);
                bytes = text.substring(0, cut).getBytes(StandardCharsets.UTF_8);
                mutation = "truncated JSON at " + cut;
            }
            case 8 -> {
                String malformed = hostility.pick(MALFORMED_JSON);
                bytes = malformed.getBytes(StandardCharsets.UTF_8);
                mutation = "malformed JSON " + abbreviate(malformed, 60);
            }
            case 9 -> {
                bytes = deepNesting();
                mutation = "deep nesting, " + bytes.length + " bytes";
            }
            case 10 -> {
                bytes = withInvalidUtf8(body.render());
                mutation = "invalid UTF-8 bytes in a string";
            }
            case 11 -> {
                Charset charset = hostility.pick(List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                        Charset.forName("UTF-32")));
                bytes = body.render().getBytes(charset);
                mutation = "body in " + charset;
            }
            case 12 -> {
                String contentType = hostility.pick(Hostility.REFUSED_CONTENT_TYPES);
                headers = new ArrayList<>(contentType.isEmpty() && hostility.chance(0.5) ? List.of()
                        : List.of("Content-Type", contentType));
                mutation = "Content-Type '" + contentType + "'";
            }
            case 13 -> mutation = badIdempotencyKey(headers);
            case 14 -> {
                SeededOrder seeded = hostility.pick(known.orders().stream()
                        .filter(order -> order.idempotencyKey().isPresent()).toList());
                headers.addAll(List.of("Idempotency-Key", seeded.idempotencyKey().orElseThrow()));
                body.put("shippingAddress", json("somewhere else " + hostility.between(1, 1_000_000)));
                mutation = "Idempotency-Key of order " + seeded.id() + " with another body";
            }
            default -> {
                framing = hostility.chance(0.5) ? Framing.CUT_SHORT : Framing.CHUNKED_CUT_SHORT;
                mutation = "body cut short (" + framing + ")";
            }
        }
        if (hostility.chance(0.5)) {
            body.noise(hostility);
        }
        addHeaderNoise(headers);
        byte[] sent = bytes != null ? bytes : body.render().getBytes(StandardCharsets.UTF_8);
        if (framing == Framing.LENGTH && hostility.chance(0.15)) {
            framing = Framing.CHUNKED;
        }
        return new HostileRequest(CREATE, mutation, App.COMMAND, new Http("POST", "/orders", headers, sent, framing,
                false));
    }

    /** {@code PUT /orders/{id}/status} aimed at an id, a transition or a body the app must refuse. */
    HostileRequest changeStatus() {
        List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
        SeededOrder order = hostility.pick(known.active().stream().filter(o -> !o.status().isFinal()).toList());
        String id = Long.toString(order.id());
        OrderStatus legal = hostility.pick(List.copyOf(order.status().next()));
        String body = "{\"status\": \"" + legal + "\"}";
        String mutation;
        Framing framing = Framing.LENGTH;
        int kind = hostility.between(0, 11);
        switch (kind) {
            case 0, 1, 2, 3 -> {
                UnusableOrder target = unusableOrder(kind);
                id = target.id();
                mutation = target.mutation();
            }
            case 4 -> {
                SeededOrder any = hostility.pick(known.active());
                id = Long.toString(any.id());
                List<OrderStatus> illegal = Arrays.stream(OrderStatus.values())
                        .filter(target -> target != any.status() && !any.status().canChangeTo(target)).toList();
                OrderStatus target = hostility.pick(illegal);
                body = "{\"status\": \"" + target + "\"}";
                mutation = "illegal transition " + any.status() + " -> " + target;
            }
            case 5 -> {
                headers.addAll(List.of("If-Match", staleEtag(order)));
                mutation = "stale If-Match";
            }
            case 6 -> {
                String ifMatch = hostility.pick(Hostility.BAD_IF_MATCH);
                headers.addAll(List.of("If-Match", ifMatch));
                mutation = "If-Match '" + ifMatch + "'";
            }
            case 7, 8 -> {
                body = badStatusBody(legal);
                mutation = "status body " + abbreviate(body, 60);
            }
            case 9 -> {
                String contentType = hostility.pick(Hostility.REFUSED_CONTENT_TYPES);
                headers = new ArrayList<>(List.of("Content-Type", contentType));
                mutation = "Content-Type '" + contentType + "'";
            }
            case 10 -> {
                body = hostility.pick(List.of(new String(deepNesting(), StandardCharsets.US_ASCII),
                        hostility.pick(MALFORMED_JSON), body.substring(0, hostility.between(0, body.length() - 2))));
                mutation = "malformed body " + abbreviate(body, 60);
            }
            default -> {
                framing = hostility.chance(0.5) ? Framing.CUT_SHORT : Framing.CHUNKED_CUT_SHORT;
                mutation = "body cut short (" + framing + ")";
            }
        }
        addHeaderNoise(headers);
        return new HostileRequest(CHANGE_STATUS, mutation, App.COMMAND, new Http("PUT", "/orders/" + id + "/status",
                headers, body.getBytes(StandardCharsets.UTF_8), framing, false));
    }

    /** An order id a command cannot act on, and how it is wrong. */
    private record UnusableOrder(String id, String mutation) {
    }

    /** For {@code kind} 0 or 1 a malformed id, 2 an order that does not exist, 3 a deleted one. */
    private UnusableOrder unusableOrder(int kind) {
        return switch (kind) {
            case 0, 1 -> {
                String id = hostility.pick(Hostility.BAD_IDS);
                yield new UnusableOrder(id, "id '" + id + "'");
            }
            case 2 -> new UnusableOrder(Long.toString(hostility.chance(0.5)
                    ? 1_000_000 + hostility.between(0, 1_000_000) : Long.MAX_VALUE), "unknown order");
            default -> new UnusableOrder(Long.toString(hostility.pick(known.deleted()).id()), "deleted order");
        };
    }

    /** {@code DELETE /orders/{id}} of an order that cannot go, or with a precondition that fails. */
    HostileRequest delete() {
        List<String> headers = new ArrayList<>();
        String id;
        String mutation;
        int kind = hostility.between(0, 5);
        switch (kind) {
            case 0, 1, 2, 3 -> {
                UnusableOrder target = unusableOrder(kind);
                id = target.id();
                mutation = target.mutation();
            }
            case 4 -> {
                SeededOrder busy = hostility.pick(known.active().stream().filter(o -> !o.status().isDeletable()).toList());
                id = Long.toString(busy.id());
                mutation = "not deletable in " + busy.status();
            }
            default -> {
                SeededOrder deletable = hostility.pick(known.active().stream().filter(o -> o.status().isDeletable())
                        .toList());
                id = Long.toString(deletable.id());
                String ifMatch = hostility.chance(0.5) ? staleEtag(deletable) : hostility.pick(Hostility.BAD_IF_MATCH);
                headers.addAll(List.of("If-Match", ifMatch));
                mutation = "deletable " + deletable.status() + " with If-Match '" + ifMatch + "'";
            }
        }
        addHeaderNoise(headers);
        byte[] body = new byte[0];
        if (hostility.chance(0.1)) {
            headers.addAll(List.of("Content-Type", "application/json"));
            body = "{\"reason\": \"because\"}".getBytes(StandardCharsets.UTF_8);
        }
        return new HostileRequest(DELETE, mutation, App.COMMAND, new Http("DELETE", "/orders/" + id, headers, body,
                Framing.LENGTH, false));
    }

    /**
     * A 10 MB body, declared or chunked, on a create or a status change: refused before it is all read. Sent over
     * a raw socket, which keeps reading while it writes and so hears the early answer.
     */
    HostileRequest tenMegabytes(boolean create, boolean chunked, boolean json) {
        String padding = "x".repeat(10 * 1024 * 1024);
        byte[] body = (create ? "{\"userId\": 1, \"notes\": \"" + padding + "\"}" : "{\"status\": \"" + padding + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        List<String> headers = List.of("Content-Type", json ? "application/json" : "text/plain");
        String target = create ? "/orders" : "/orders/" + hostility.pick(known.active()).id() + "/status";
        return new HostileRequest(create ? CREATE : CHANGE_STATUS, "10 MB body" + (chunked ? ", chunked" : "")
                + (json ? "" : ", text/plain"), App.COMMAND, new Http(create ? "POST" : "PUT", target, headers, body,
                chunked ? Framing.CHUNKED : Framing.LENGTH, true));
    }

    private String badIdempotencyKey(List<String> headers) {
        String key = hostility.pick(List.of("k".repeat(201), "k".repeat(hostility.between(202, 2_000)),
                "k".repeat(10_000), "a b", "", "\u043a\u043b\u044e\u0447", "key\u00e9", "' OR 1=1 --",
                "key\ttab"));
        headers.addAll(List.of("Idempotency-Key", key));
        return "Idempotency-Key '" + abbreviate(key, 60) + "' (" + key.length() + " chars)";
    }

    private String badStatusBody(OrderStatus legal) {
        List<String> values = new ArrayList<>(List.of("3", "null", "[]", "{}", "true", "\"confirmed\"", "\"Confirmed\"",
                "\" CONFIRMED\"", "\"CONFIRMED \"", "\"CONFIRMED\\u200b\"", "\"\\u202eCONFIRMED\"",
                "\"CONFIRMED\\u0000\"", "\"TELEPORTED\"", "\"DELETED\"", "\"\"", json("PEND\u0130NG"), "[\"CONFIRMED\"]",
                "{\"name\": \"CONFIRMED\"}", "\"CANCELED\"", "1e309", "\"" + legal.name().toLowerCase() + "\""));
        Hostility.SQL_INJECTIONS.forEach(sql -> values.add(json(sql)));
        return switch (hostility.between(0, 3)) {
            case 0 -> "{}";
            case 1 -> "{\"status\": \"" + legal + "\", \"version\": 2}";
            case 2 -> "{\"status\": \"" + legal + "\", \"status\": \"" + legal + "\"}";
            default -> "{\"status\": " + hostility.pick(values) + "}";
        };
    }

    private String staleEtag(SeededOrder order) {
        long stale = hostility.chance(0.5) ? order.version() + hostility.between(1, 100) : order.version() - 1;
        return (hostility.chance(0.2) ? "W/" : "") + "\"" + (stale > 0 ? stale : order.version() + 1) + "\"";
    }

    private byte[] deepNesting() {
        int depth = hostility.pick(List.of(1_001, 5_000, 100_000));
        String open = hostility.chance(0.5) ? "[" : "{\"a\":";
        return open.repeat(depth).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] withInvalidUtf8(String text) {
        byte[] invalid = hostility.pick(List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0xAF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0x80},
                new byte[]{(byte) 0xFE, (byte) 0xFF}));
        int at = text.indexOf("Hostile Lane") + 2;
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at).getBytes(StandardCharsets.UTF_8);
        return HostileRequest.concat(before, invalid, after);
    }

    /** Headers the app should ignore or refuse, never ones that could make a defective request acceptable. */
    private void addHeaderNoise(List<String> headers) {
        if (hostility.chance(0.3)) {
            headers.addAll(switch (hostility.between(0, 5)) {
                case 0 -> List.of("Consistency-Token", hostility.pick(Hostility.BAD_TOKENS));
                case 1 -> List.of("Accept", hostility.pick(List.of("text/html", "*/*;q=abc", "application/xml", "\u00ff")));
                case 2 -> List.of("X-Forwarded-For", hostility.pick(Hostility.SQL_INJECTIONS));
                case 3 -> List.of("Authorization", "Bearer " + hostility.garbage(hostility.between(1, 500)));
                case 4 -> List.of("User-Agent", hostility.pick(Hostility.ODD_TEXT));
                default -> List.of("X-Request-Id", hostility.garbage(hostility.between(100, 3_000)));
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * An order body as JSON member texts, so that any member can be replaced by any JSON text, repeated, or
     * left out. Starts valid; each defect method breaks it in one way and says how.
     */
    private static final class OrderBody {

        private final Map<String, String> members = new LinkedHashMap<>();
        private final List<Map<String, String>> items = new ArrayList<>();
        private final List<String> extraMembers = new ArrayList<>();

        static OrderBody valid(Hostility hostility) {
            OrderBody body = new OrderBody();
            body.members.put("userId", Long.toString(hostility.between(101, 106)));
            body.members.put("items", null);
            body.members.put("shippingAddress", json(hostility.between(1, 99) + " Hostile Lane"));
            if (hostility.chance(0.7)) {
                body.members.put("notes", json("leave at the door"));
            }
            for (int i = 0; i < hostility.between(1, 3); i++) {
                Map<String, String> item = new LinkedHashMap<>();
                item.put("productId", json("SKU-" + hostility.between(1, 50)));
                item.put("quantity", Integer.toString(hostility.between(1, 5)));
                item.put("unitPrice", hostility.between(0, 999) + "." + hostility.between(10, 99));
                body.items.add(item);
            }
            return body;
        }

        void put(String member, String jsonText) {
            members.put(member, jsonText);
        }

        String wrongType(Hostility hostility) {
            String field = hostility.pick(List.copyOf(WRONG_TYPES.keySet()));
            String value = hostility.pick(WRONG_TYPES.get(field));
            set(hostility, field, value);
            return field + "=" + abbreviate(value, 60);
        }

        String forbiddenText(Hostility hostility) {
            String field = hostility.pick(List.copyOf(TEXT_FIELDS.keySet()));
            String value = hostility.chance(0.6) ? "\"" + hostility.pick(Hostility.FORBIDDEN_JSON_TEXT) + "\""
                    : json("y".repeat(TEXT_FIELDS.get(field) + hostility.between(1, 5_000)));
            set(hostility, field, value);
            return field + " text " + abbreviate(value, 60);
        }

        String unknownField(Hostility hostility) {
            String member = hostility.pick(UNKNOWN_FIELDS);
            if (hostility.chance(0.3)) {
                items.get(0).put("discount", "0.5");
                return "unknown item field discount";
            }
            extraMembers.add(member);
            return "unknown field " + member;
        }

        String missingField(Hostility hostility) {
            // Not shippingAddress: it is optional (issue 9), so leaving it out makes a valid order.
            String field = hostility.pick(List.of("userId", "items", "productId", "quantity", "unitPrice"));
            if (members.containsKey(field)) {
                members.remove(field);
            } else {
                items.get(hostility.between(0, items.size() - 1)).remove(field);
            }
            return "missing " + field;
        }

        String badItems(Hostility hostility) {
            if (hostility.chance(0.5)) {
                Map<String, String> item = items.get(0);
                while (items.size() < 101 + hostility.between(0, 50)) {
                    items.add(item);
                }
                return items.size() + " items";
            }
            members.put("items", hostility.pick(List.of("[]", "[{}]", "[[{\"productId\": \"A\"}]]", "[\"SKU-1\"]")));
            return "items " + members.get("items");
        }

        String duplicateKey(Hostility hostility) {
            String member = hostility.pick(List.of("\"userId\": 101", "\"shippingAddress\": \"1 Main St\"",
                    "\"items\": [{\"productId\": \"A\", \"quantity\": 1, \"unitPrice\": 1}]", "\"notes\": null"));
            extraMembers.add(member);
            if (!members.containsKey("notes") && member.startsWith("\"notes\"")) {
                members.put("notes", json("first"));
            }
            return "repeated key " + member;
        }

        /** SQL or odd Unicode in a text member: valid text, so never the reason for a refusal. */
        void noise(Hostility hostility) {
            String text = hostility.chance(0.5) ? hostility.pick(Hostility.SQL_INJECTIONS)
                    : hostility.pick(Hostility.ODD_TEXT);
            String field = hostility.pick(List.of("shippingAddress", "notes", "productId"));
            // Only where the member is still as valid() made it: noise never overwrites a defect.
            if (field.equals("productId")) {
                items.forEach(item -> item.computeIfPresent("productId", (key, old) -> old.startsWith("\"SKU")
                        ? json(text.length() > 60 ? text.substring(0, 30) : text) : old));
                return;
            }
            String current = members.get(field);
            if (current != null && (current.contains("Hostile Lane") || current.equals(json("leave at the door")))) {
                members.put(field, json(text + " Hostile Lane"));
            }
        }

        String render() {
            List<String> parts = new ArrayList<>();
            members.forEach((name, value) -> parts.add(json(name) + ": " + (name.equals("items") && value == null
                    ? renderItems() : value)));
            parts.addAll(extraMembers);
            return "{" + String.join(", ", parts) + "}";
        }

        private String renderItems() {
            List<String> rendered = new ArrayList<>();
            for (Map<String, String> item : items) {
                List<String> fields = new ArrayList<>();
                item.forEach((name, value) -> fields.add(json(name) + ": " + value));
                rendered.add("{" + String.join(", ", fields) + "}");
            }
            return "[" + String.join(", ", rendered) + "]";
        }

        private void set(Hostility hostility, String field, String value) {
            if (members.containsKey(field) || !List.of("productId", "quantity", "unitPrice").contains(field)) {
                members.put(field, value);
            } else {
                items.get(hostility.between(0, items.size() - 1)).put(field, value);
            }
        }
    }
}
