package com.acme.orders.platform.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static com.acme.orders.events.Abbreviation.abbreviate;

/**
 * Reads a request body as a JSON object, refusing what is not one: 415 when it is not declared as JSON or
 * declared in a charset other than UTF-8, 413 when it is larger than the limit, 400 when it is not valid UTF-8,
 * malformed, too deeply nested, has a repeated key, or is not an object.
 */
public final class JsonBodies {

    private final ObjectMapper mapper;
    private final long maxBytes;

    public JsonBodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    public ObjectNode readObject(Context ctx) {
        // The header as sent: the servlet API's view of it throws on a charset the JVM does not know.
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !isJson(contentType)) {
            throw unsupported("the body must be application/json, was "
                    + (contentType == null ? "not declared" : "'" + abbreviate(contentType, 100) + "'"));
        }
        charset(contentType).filter(charset -> !charset.equalsIgnoreCase("utf-8")).ifPresent(charset -> {
            throw unsupported("a JSON body must be UTF-8, was declared as '" + abbreviate(charset, 100) + "'");
        });
        if (ctx.contentLength() > maxBytes) {
            throw tooLarge(ctx.contentLength());
        }
        byte[] body = ctx.bodyAsBytes(); // Javalin refuses more than maxRequestSize even without a Content-Length
        if (body.length == 0) {
            throw new BadRequest("body", "is required (a JSON object)");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(utf8(body));
        } catch (StreamConstraintsException e) {
            throw new BadRequest("body", "exceeds JSON limits: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw new BadRequest("body", "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new BadRequest("body", "malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new BadRequest("body", "must be a JSON object");
        }
        return object;
    }

    /**
     * The body as text, refusing bytes that are not UTF-8 (RFC 8259 requires it between systems). The parser
     * alone would accept an overlong encoding such as {@code C0 AF} as {@code /}, so a check on the decoded
     * text could be sidestepped, and it would guess UTF-16 from the first bytes.
     */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new BadRequest("body", "is not valid UTF-8 (byte " + in.position() + ")");
        }
        decoder.flush(out);
        out.flip();
        // A byte order mark may precede the JSON text; RFC 8259 lets a parser ignore it.
        if (out.hasRemaining() && out.get(out.position()) == '\uFEFF') {
            out.get();
        }
        return out.toString();
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(Problem.ofStatus(415, "Unsupported Media Type", detail));
    }

    /** The {@code charset} parameter of a media type, unquoted, if it has one. */
    private static Optional<String> charset(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String value = parameter.length == 2 ? parameter[1].trim() : "";
                return Optional.of(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value);
            }
        }
        return Optional.empty();
    }

    private ProblemException tooLarge(long size) {
        return new ProblemException(Problem.ofStatus(413, "Content Too Large",
                "the body has " + size + " bytes; at most " + maxBytes + " are accepted"));
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
