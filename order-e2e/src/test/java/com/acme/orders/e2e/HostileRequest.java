package com.acme.orders.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request that the system must refuse.
 *
 * @param endpoint which endpoint it aims at, as the status table groups them ({@code POST /orders},
 *                 {@code unknown route}, …)
 * @param mutation what is wrong with it, for the report
 * @param app      which app it goes to
 * @param wire     what goes on the wire
 */
record HostileRequest(String endpoint, String mutation, App app, Wire wire) {

    enum App { COMMAND, QUERY }

    /** How a request is framed. */
    enum Framing {
        /** A {@code Content-Length} (none for an empty body). */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** A {@code Content-Length} larger than the body, then the client stops sending (raw socket only). */
        CUT_SHORT,
        /** Chunked without the last chunk, then the client stops sending (raw socket only). */
        CHUNKED_CUT_SHORT
    }

    /** What is sent. */
    sealed interface Wire permits Http, Raw {
    }

    /**
     * A request {@code java.net.http} can usually send; one it refuses (a malformed URI, a header value outside
     * Latin-1, a lying length) goes over a raw socket instead, byte for byte as described here.
     *
     * @param target    path and query, already percent-encoded as they should appear on the wire
     * @param headers   name, value, name, value, …
     * @param rawSocket whether to use a raw socket even though {@code java.net.http} could send it (a huge body
     *                  the server refuses early)
     */
    record Http(String method, String target, List<String> headers, byte[] body, Framing framing, boolean rawSocket)
            implements Wire {

        Http {
            headers = List.copyOf(headers);
        }

        boolean needsRawSocket() {
            return rawSocket || cutShort();
        }

        /** Whether the client stops sending after the request, which only a raw socket can do. */
        boolean cutShort() {
            return framing == Framing.CUT_SHORT || framing == Framing.CHUNKED_CUT_SHORT;
        }

        /** The request as HTTP/1.1 bytes, closing the connection after the response. */
        byte[] bytes(String host) {
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append("\r\nConnection: close\r\n");
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
            }
            byte[] framed = switch (framing) {
                case LENGTH -> {
                    if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
                        head.append("Content-Length: ").append(body.length).append("\r\n");
                    }
                    yield body;
                }
                case CUT_SHORT -> {
                    head.append("Content-Length: ").append(body.length + 1 + body.length / 2).append("\r\n");
                    yield body;
                }
                case CHUNKED, CHUNKED_CUT_SHORT -> {
                    head.append("Transfer-Encoding: chunked\r\n");
                    byte[] chunk = body.length == 0 ? new byte[0]
                            : concat(ascii(Integer.toHexString(body.length) + "\r\n"), body);
                    byte[] end = ascii(body.length == 0 ? "0\r\n\r\n" : "\r\n0\r\n\r\n");
                    yield framing == Framing.CHUNKED ? concat(chunk, end) : chunk;
                }
            };
            // Header values go out as UTF-8 bytes, the way a careless client writes them.
            return concat(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8), framed);
        }
    }

    /**
     * Bytes as they are, for what is not HTTP at all or breaks its grammar; {@code {host}} in them is replaced by
     * the app's host and port.
     *
     * @param endInput whether the client stops sending afterwards
     */
    record Raw(byte[] bytes, boolean endInput) implements Wire {
    }

    /** A line for the report: endpoint, what is wrong, and the start of the request. */
    String describe() {
        String start = wire instanceof Http http ? http.method() + " " + http.target()
                : new String(((Raw) wire).bytes(), 0, Math.min(80, ((Raw) wire).bytes().length), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\\r\\n");
        return endpoint + " [" + mutation + "] " + (start.length() > 160 ? start.substring(0, 160) + "…" : start);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
