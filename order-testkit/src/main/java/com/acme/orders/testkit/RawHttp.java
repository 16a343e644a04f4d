package com.acme.orders.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for what {@code java.net.http} will not send: bytes that are not valid UTF-8
 * in the request line, a {@code Content-Length} that lies, a body cut short, a body the server refuses before
 * reading it, or several requests on one connection. The caller writes the request bytes as they should go on
 * the wire. Every response is checked against the test module's {@link ResponseContract} (in the apps: their
 * OpenAPI document), for the method and target of the request line written before it.
 */
public final class RawHttp implements AutoCloseable {

    /** Bodies up to this size are written before reading; larger ones on a thread of their own. */
    private static final int SMALL_REQUEST = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    /**
     * What the server answered.
     *
     * @param headers names in lower case; the last value of a repeated header
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A connection whose reads give up after {@code timeout} of silence. */
    public static RawHttp connect(String host, int port, Duration timeout) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** One request on a connection of its own. */
    public static Response send(String host, int port, byte[] request, boolean endInput, Duration timeout)
            throws IOException {
        try (RawHttp connection = connect(host, port, timeout)) {
            return connection.exchange(request, endInput);
        }
    }

    /**
     * Writes {@code request} and reads one response. A large request is written while the response is being
     * read, so that an answer the server sends before reading the whole body (413, 400) is heard rather than
     * lost in a connection reset.
     *
     * @param endInput whether to close the sending half afterwards, as a client that gives up mid-body does
     * @throws IOException when the connection ends or stays silent before a whole response arrived
     */
    public Response exchange(byte[] request, boolean endInput) throws IOException {
        Response response = send(request, endInput);
        String[] requestLine = requestLine(request);
        if (requestLine.length == 3) {
            ResponseContract.ofThisModule().check(requestLine[0], requestLine[1], response.status(),
                    response.headers().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, entry -> java.util.List.of(entry.getValue()))),
                    response.text());
        }
        return response;
    }

    /** Method, target and version of the first request line in {@code request}; fewer parts when it has none. */
    private static String[] requestLine(byte[] request) {
        int end = 0;
        while (end < request.length && request[end] != '\r' && request[end] != '\n') {
            end++;
        }
        return new String(request, 0, end, StandardCharsets.ISO_8859_1).split(" ", -1);
    }

    private Response send(byte[] request, boolean endInput) throws IOException {
        if (request.length <= SMALL_REQUEST) {
            write(request, endInput);
            return read();
        }
        Thread writer = new Thread(() -> {
            try {
                write(request, endInput);
            } catch (IOException e) {
                // The server stopped reading, as it may once it has answered; the response tells why.
            }
        }, "raw-http-writer");
        // A daemon: when the server stops reading, closing the connection ends it.
        writer.setDaemon(true);
        writer.start();
        return read();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private void write(byte[] request, boolean endInput) throws IOException {
        out.write(request);
        out.flush();
        if (endInput) {
            socket.shutdownOutput();
        }
    }

    private Response read() throws IOException {
        Response response = readOne();
        // An interim answer (100 Continue to an Expect header) precedes the real one, as any client knows.
        while (response.status() >= 100 && response.status() < 200 && response.status() != 101) {
            response = readOne();
        }
        return response;
    }

    private Response readOne() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed " + (head.size() == 0 ? "without a response"
                        : "in the middle of the response head"));
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
