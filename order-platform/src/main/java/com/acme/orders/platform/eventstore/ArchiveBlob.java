package com.acme.orders.platform.eventstore;

import com.github.luben.zstd.Zstd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The archive's storage format: all events of one order in one zstd frame. Inside, a format byte and then per
 * event its fields in a fixed binary layout; the payload is kept byte for byte as the store held it, so an
 * archived event decodes exactly like a hot one.
 */
public final class ArchiveBlob {

    private static final byte FORMAT = 1;
    /** zstd's level 3 (its default): most of the ratio of higher levels at a fraction of their cost. */
    static final int LEVEL = 3;

    private ArchiveBlob() {
    }

    /** The uncompressed and the compressed form; the sizes feed the archive's metrics. */
    public record Encoded(byte[] compressed, int rawBytes) {
    }

    public static Encoded encode(List<RecordedEvent> events) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(512 * events.size());
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeByte(FORMAT);
            out.writeInt(events.size());
            for (RecordedEvent event : events) {
                out.writeLong(event.position());
                out.writeLong(event.eventId().getMostSignificantBits());
                out.writeLong(event.eventId().getLeastSignificantBits());
                out.writeLong(event.version());
                writeString(out, event.type());
                out.writeInt(event.schemaVersion());
                out.writeLong(event.occurredAt().getEpochSecond());
                out.writeInt(event.occurredAt().getNano());
                writeString(out, event.payloadJson());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = raw.toByteArray();
        return new Encoded(Zstd.compress(bytes, LEVEL), bytes.length);
    }

    public static List<RecordedEvent> decode(long orderId, byte[] compressed) {
        int size = (int) Zstd.getFrameContentSize(compressed);
        byte[] bytes = Zstd.decompress(compressed, size);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("order " + orderId + ": unknown archive format " + format);
            }
            int count = in.readInt();
            List<RecordedEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long position = in.readLong();
                UUID eventId = new UUID(in.readLong(), in.readLong());
                long version = in.readLong();
                String type = readString(in);
                int schemaVersion = in.readInt();
                Instant occurredAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
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
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
