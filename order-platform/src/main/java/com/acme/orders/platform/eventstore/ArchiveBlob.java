package com.acme.orders.platform.eventstore;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The archive's storage format: all events of one order in one zstd frame, preceded by one format byte. Inside
 * the frame, per event its fields in a fixed binary layout; the payload is kept byte for byte as the store held
 * it, so an archived event decodes exactly like a hot one.
 *
 * <p>One order's events are a few hundred bytes, too few for zstd to find much repetition within them; most of
 * what repeats is between orders (field names, event types, statuses). Format 1 therefore compresses against a
 * built-in dictionary of typical payloads ({@link #DICTIONARY_1}). That text must never change: a new dictionary
 * is a new format byte, and old blobs keep decoding with theirs.
 */
public final class ArchiveBlob {

    private static final byte FORMAT_1 = 1;
    /** Measured on a delivered order: level 3 (zstd's default) 233 bytes, 9 and 19 both 211; 9 costs little more than 3. */
    static final int LEVEL = 9;
    /** Typical stored payloads (jsonb's text form: keys ordered by length) and event types, as raw content. */
    private static final String DICTIONARY_1 = """
            OrderStatusUpdatedOrderDeletedOrderCreated            {"statusAtDeletion": "CANCELLED"}{"statusAtDeletion": "DELIVERED"}{"statusAtDeletion": "PENDING"}            {"newStatus": "CANCELLED", "oldStatus": "PENDING"}{"newStatus": "CANCELLED", "oldStatus": "CONFIRMED"}            {"newStatus": "CANCELLED", "oldStatus": "PROCESSING"}{"newStatus": "DELIVERED", "oldStatus": "SHIPPED"}            {"newStatus": "SHIPPED", "oldStatus": "PROCESSING"}{"newStatus": "PROCESSING", "oldStatus": "CONFIRMED"}            {"newStatus": "CONFIRMED", "oldStatus": "PENDING"}            {"items": [{"quantity": 1, "productId": "SKU-1", "unitPrice": 9.99}, {"quantity": 2, "productId":             "SKU-2", "unitPrice": 19.99}], "notes": null, "userId": 1, "totalAmount": 49.97, "shippingAddress":             "1 Main Street"}{"items": [{"quantity": 3, "productId": "SKU-3", "unitPrice": 5.00}], "notes": "leave             at the door", "userId": 42, "totalAmount": 15.00, "shippingAddress": "Street 1"}""";
    private static final byte[] DICTIONARY_1_BYTES = DICTIONARY_1.getBytes(StandardCharsets.UTF_8);
    /** Digested once; zstd only reads a dictionary, so threads share it. */
    private static final ZstdDictCompress DICT_COMPRESS_1 = new ZstdDictCompress(DICTIONARY_1_BYTES, LEVEL);
    private static final ZstdDictDecompress DICT_DECOMPRESS_1 = new ZstdDictDecompress(DICTIONARY_1_BYTES);
    /**
     * A context per thread, reused: creating one per blob cost more than compressing the few hundred bytes. The
     * archiver and the readers run on a handful of long-lived threads.
     */
    private static final ThreadLocal<ZstdCompressCtx> COMPRESS_1 = ThreadLocal.withInitial(() ->
            new ZstdCompressCtx().setLevel(LEVEL).loadDict(DICT_COMPRESS_1));
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS_1 = ThreadLocal.withInitial(() ->
            new ZstdDecompressCtx().loadDict(DICT_DECOMPRESS_1));

    private ArchiveBlob() {
    }

    /** The uncompressed and the compressed form; the sizes feed the archive's metrics. */
    public record Encoded(byte[] compressed, int rawBytes) {
    }

    public static Encoded encode(List<RecordedEvent> events) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(512 * events.size());
        try (DataOutputStream out = new DataOutputStream(raw)) {
            writeVarLong(out, events.size());
            long position = 0;
            long version = 0;
            long second = 0;
            for (RecordedEvent event : events) {
                // Numbers as differences from the event before, in as few bytes as they need: an order's positions,
                // versions and times lie close together, and zstd cannot shorten what is random in them.
                writeVarLong(out, zigZag(event.position() - position));
                writeVarLong(out, zigZag(event.version() - version));
                writeVarLong(out, zigZag(event.occurredAt().getEpochSecond() - second));
                if (event.occurredAt().getNano() % 1_000 != 0) {
                    throw new IllegalArgumentException("event " + event.eventId()
                            + ": the store keeps microseconds, not " + event.occurredAt());
                }
                writeVarLong(out, event.occurredAt().getNano() / 1_000);
                position = event.position();
                version = event.version();
                second = event.occurredAt().getEpochSecond();
                out.writeLong(event.eventId().getMostSignificantBits());
                out.writeLong(event.eventId().getLeastSignificantBits());
                writeVarLong(out, event.schemaVersion());
                writeString(out, event.type());
                writeString(out, event.payloadJson());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = raw.toByteArray();
        byte[] out = new byte[1 + (int) Zstd.compressBound(bytes.length)];
        out[0] = FORMAT_1;
        int size = COMPRESS_1.get().compressByteArray(out, 1, out.length - 1, bytes, 0, bytes.length);
        return new Encoded(Arrays.copyOf(out, 1 + size), bytes.length);
    }

    public static List<RecordedEvent> decode(long orderId, byte[] blob) {
        if (blob.length == 0 || blob[0] != FORMAT_1) {
            throw new IllegalStateException("order " + orderId + ": unknown archive format "
                    + (blob.length == 0 ? "(empty)" : blob[0]));
        }
        byte[] bytes = new byte[(int) Zstd.getFrameContentSize(blob, 1, blob.length - 1)];
        DECOMPRESS_1.get().decompressByteArray(bytes, 0, bytes.length, blob, 1, blob.length - 1);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = (int) readVarLong(in);
            List<RecordedEvent> events = new ArrayList<>(count);
            long position = 0;
            long version = 0;
            long second = 0;
            for (int i = 0; i < count; i++) {
                position += unZigZag(readVarLong(in));
                version += unZigZag(readVarLong(in));
                second += unZigZag(readVarLong(in));
                Instant occurredAt = Instant.ofEpochSecond(second, readVarLong(in) * 1_000);
                UUID eventId = new UUID(in.readLong(), in.readLong());
                int schemaVersion = (int) readVarLong(in);
                String type = readString(in);
                String payload = readString(in);
                events.add(new RecordedEvent(position, eventId, orderId, version, type, schemaVersion, payload,
                        occurredAt, true));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[(int) readVarLong(in)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Seven bits a byte, low first; the high bit says another byte follows (protobuf's varint). */
    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed varint");
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
