package com.acme.orders.command.createorder;

import com.acme.orders.command.store.Transaction;
import com.acme.orders.domain.CreateOrderCommand;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@code idempotency_keys}: which order a key created and a fingerprint of the request that created it.
 * Claiming a key inserts it in the command's own transaction, so of two concurrent requests with one key
 * exactly one creates an order and the other waits for it and answers with its result.
 */
public final class IdempotencyKeys {

    /** The order that a key created earlier, and whether that request had the same content. */
    public record Earlier(long orderId, boolean sameRequest) {
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper();

    /**
     * Claims {@code key} for {@code orderId}; when the key was claimed before, returns what it created
     * (waiting for a concurrent claim to commit first).
     */
    public Optional<Earlier> claim(Transaction tx, String key, String fingerprint, long orderId, Instant now) {
        Handle handle = tx.handle();
        int inserted = handle.createUpdate("""
                        INSERT INTO idempotency_keys (key, request_hash, order_id, created_at)
                        VALUES (:key, :hash, :orderId, :now)
                        ON CONFLICT (key) DO NOTHING
                        """)
                .bind("key", key)
                .bind("hash", fingerprint)
                .bind("orderId", orderId)
                .bind("now", now)
                .execute();
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(handle.createQuery("SELECT request_hash, order_id FROM idempotency_keys WHERE key = :key")
                .bind("key", key)
                .map((rs, ctx) -> new Earlier(rs.getLong("order_id"), rs.getString("request_hash").equals(fingerprint)))
                .one());
    }

    /** Forgets keys older than {@code ttl}; returns how many. */
    public int purgeOlderThan(Jdbi jdbi, Duration ttl, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM idempotency_keys WHERE created_at < :cutoff")
                .bind("cutoff", now.minus(ttl))
                .execute());
    }

    /** A digest of the command's content: equal for equal requests, whatever their JSON formatting. */
    public static String fingerprint(CreateOrderCommand command) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(command);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a create-order command", e);
        }
    }
}
