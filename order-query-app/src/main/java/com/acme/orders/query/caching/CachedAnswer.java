package com.acme.orders.query.caching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An answer as it is sent, rendered once: the JSON bytes, the version of the order they show (0 for answers
 * without one) and whether the order is deleted (then {@code json} is empty and the API answers 410). The bytes
 * are kept as given, not copied (the copy was ~4 % of all the query app allocated under the bench's GET load):
 * every caller hands over an array of its own and nobody writes to it afterwards.
 */
public record CachedAnswer(long version, boolean deleted, byte[] json) {

    /** {@code value} rendered by {@code mapper}, the mapper Javalin renders answers with: the same bytes. */
    public static CachedAnswer render(ObjectMapper mapper, long version, Object value) {
        try {
            return new CachedAnswer(version, false, mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /** A deleted order: the API answers 410, there is nothing to render. */
    public static CachedAnswer deleted(long version) {
        return new CachedAnswer(version, true, new byte[0]);
    }

    /** The bytes to send; not copied, for speed: callers only write them out. */
    @Override
    public byte[] json() {
        return json;
    }

    /**
     * For Redis: {@code <version>,<kind>,} in ASCII, then the JSON; kind 0 is an order or the statistics, 1 a
     * deleted order. The version leads in text so that the script guarding writes in {@link SharedTier} can
     * compare it; {@link SharedTier#floor} writes kind 2, a marker that holds no answer.
     */
    byte[] encode() {
        byte[] head = (version + "," + (deleted ? 1 : 0) + ",").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(head.length + json.length).put(head).put(json).array();
    }

    static byte[] floorMarker(long version) {
        return (version + ",2,").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads what {@link #encode()} wrote; null for a floor marker or anything else (a miss). */
    static CachedAnswer decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int comma = indexOf(bytes, 0);
        if (comma < 1 || comma + 2 >= bytes.length || bytes[comma + 2] != ',') {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(new String(bytes, 0, comma, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
        byte kind = bytes[comma + 1];
        if (kind != '0' && kind != '1') {
            return null;
        }
        return new CachedAnswer(version, kind == '1', Arrays.copyOfRange(bytes, comma + 3, bytes.length));
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length && i < 21; i++) {
            if (bytes[i] == ',') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedAnswer that && version == that.version && deleted == that.deleted
                && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(version) + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "CachedAnswer[version=" + version + ", deleted=" + deleted + ", bytes=" + json.length + "]";
    }
}
