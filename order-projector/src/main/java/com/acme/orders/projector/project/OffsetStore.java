package com.acme.orders.projector.project;

import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code projector_offsets}: where each partition continues, written in the same transaction as the rows it
 * produced. Offsets only move forward, so an instance that lost a partition in a rebalance cannot move it back.
 */
public final class OffsetStore {

    private final String group;

    public OffsetStore(String group) {
        this.group = group;
    }

    public Map<TopicPartition, Long> load(Handle handle, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        handle.createQuery("""
                        SELECT topic, kafka_partition, next_offset FROM projector_offsets
                        WHERE consumer_group = :group
                        """)
                .bind("group", group)
                .map((rs, ctx) -> Map.entry(new TopicPartition(rs.getString("topic"), rs.getInt("kafka_partition")),
                        rs.getLong("next_offset")))
                .forEach(entry -> {
                    if (partitions.contains(entry.getKey())) {
                        stored.put(entry.getKey(), entry.getValue());
                    }
                });
        return stored;
    }

    public void save(Handle handle, Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> entries = List.copyOf(nextOffsets.entrySet());
        handle.createUpdate("""
                        INSERT INTO projector_offsets (consumer_group, topic, kafka_partition, next_offset)
                        SELECT :group, * FROM unnest(CAST(:topic AS text[]), CAST(:partition AS int[]),
                                                     CAST(:offset AS bigint[]))
                        ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE
                            SET next_offset = GREATEST(projector_offsets.next_offset, EXCLUDED.next_offset)
                        """)
                .bind("group", group)
                .bindArray("topic", String.class, entries.stream().map(e -> e.getKey().topic()).toList())
                .bindArray("partition", Integer.class, entries.stream().map(e -> e.getKey().partition()).toList())
                .bindArray("offset", Long.class, entries.stream().map(Map.Entry::getValue).toList())
                .execute();
    }
}
