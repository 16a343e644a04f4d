package com.acme.orders.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: writes a request, reads one response (status line,
 * headers, a Content-Length or chunked body). A few microseconds of CPU per exchange, so that the load
 * generator leaves the two cores to the system under test.
 */
final class RawConnection implements AutoCloseable {

    /** Status and headers (names in lower case) of one response; the body is read and dropped. */
    record Response(int status, Map<String, String> headers) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawConnection(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine == null || statusLine.length() < 12) {
            throw new IOException("no status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        String header;
        while ((header = line()) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        String encoding = headers.getOrDefault("transfer-encoding", "");
        if (encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            readChunks();
        } else {
            skip(Long.parseLong(headers.getOrDefault("content-length", "0")));
        }
        return new Response(status, headers);
    }

    private void readChunks() throws IOException {
        while (true) {
            String size = line();
            if (size == null) {
                throw new IOException("truncated chunked body");
            }
            int semicolon = size.indexOf(';');
            long chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (chunk == 0) {
                String trailer;
                while ((trailer = line()) != null && !trailer.isEmpty()) {
                    // trailers carry nothing we need
                }
                return;
            }
            skip(chunk);
            line();
        }
    }

    private void skip(long length) throws IOException {
        long skipped = 0;
        while (skipped < length) {
            long n = in.skip(length - skipped);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException("truncated body");
                }
                n = 1;
            }
            skipped += n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** One exchange on a connection of {@code pool}; a connection that failed is closed rather than returned. */
    static Response exchange(Deque<RawConnection> pool, String host, int port, byte[] request) throws IOException {
        RawConnection connection = pool.pollFirst();
        if (connection == null) {
            connection = new RawConnection(host, port);
        }
        try {
            Response response = connection.exchange(request);
            pool.addFirst(connection);
            return response;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
