package com.acme.orders.query.caching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An answer as it is sent, rendered once: the JSON bytes, the version of the order they show (0 for answers
 * without one) and whether the order is deleted (then {@code json} is empty and the API answers 410).
 */
public record CachedAnswer(long version, boolean deleted, byte[] json) {

    public CachedAnswer {
        json = json.clone();
    }

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

    /** For Redis: the version (8 bytes), the deletion mark (1 byte), then the JSON. */
    byte[] encode() {
        return ByteBuffer.allocate(9 + json.length).putLong(version).put((byte) (deleted ? 1 : 0)).put(json).array();
    }

    /** Reads what {@link #encode()} wrote; null for anything else (an entry of another format is a miss). */
    static CachedAnswer decode(byte[] bytes) {
        if (bytes == null || bytes.length < 9) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long version = buffer.getLong();
        byte deleted = buffer.get();
        if (deleted != 0 && deleted != 1) {
            return null;
        }
        return new CachedAnswer(version, deleted == 1, Arrays.copyOfRange(bytes, 9, bytes.length));
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
