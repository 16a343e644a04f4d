package com.acme.orders.projector.project;

import com.acme.orders.platform.db.SqlArrays;
import com.acme.orders.readmodel.ReadModel;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code projector_offsets}: where each partition continues, written in the same transaction as the rows it
 * produced, together with the id of the topic the offsets belong to. Offsets only move forward within one topic
 * id, so an instance that lost a partition in a rebalance cannot move it back; a new topic id (the topic was
 * recreated, or the cluster replaced) starts over.
 */
public final class OffsetStore {

    /** Where a partition continues, and in which incarnation of its topic ({@code null}: not recorded yet). */
    public record Position(long nextOffset, String topicId) {
    }

    private final String group;
    /** The id of each topic as found at the last assignment; written with every offset. */
    private final Map<String, String> topicIds = new ConcurrentHashMap<>();

    public OffsetStore(String group) {
        this.group = group;
    }

    /** The topic ids the next {@link #save} writes beside the offsets. */
    public void identify(Map<String, String> currentTopicIds) {
        topicIds.putAll(currentTopicIds);
    }

    public Map<TopicPartition, Position> load(Handle handle, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Position> stored = new HashMap<>();
        handle.createQuery("""
                        SELECT topic, kafka_partition, next_offset, topic_id FROM projector_offsets
                        WHERE consumer_group = :group
                        """)
                .bind("group", group)
                .map((rs, ctx) -> Map.entry(new TopicPartition(rs.getString("topic"), rs.getInt("kafka_partition")),
                        new Position(rs.getLong("next_offset"), rs.getString("topic_id"))))
                .forEach(entry -> {
                    if (partitions.contains(entry.getKey())) {
                        stored.put(entry.getKey(), entry.getValue());
                    }
                });
        return stored;
    }

    /**
     * Records where each partition continues and sends {@code changes}, the NOTIFY payloads announcing the rows
     * written with these offsets (on {@link ReadModel#CHANGED_CHANNEL}, delivered at commit in this order), in one
     * statement: the last round trip of a batch before its commit.
     */
    public void save(Handle handle, Map<TopicPartition, Long> nextOffsets, List<String> changes) {
        if (nextOffsets.isEmpty() && changes.isEmpty()) {
            return;
        }
        List<Map.Entry<TopicPartition, Long>> entries = List.copyOf(nextOffsets.entrySet());
        // PostgreSQL runs a data-modifying WITH to completion whether or not the query reads it.
        handle.createQuery("""
                        WITH saved AS (
                            INSERT INTO projector_offsets (consumer_group, topic, kafka_partition, next_offset, topic_id)
                            SELECT :group, * FROM unnest(CAST(:topic AS text[]), CAST(:partition AS int[]),
                                                         CAST(:offset AS bigint[]), CAST(:topicId AS text[]))
                            ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE
                                SET next_offset = CASE
                                        WHEN projector_offsets.topic_id IS DISTINCT FROM EXCLUDED.topic_id
                                            THEN EXCLUDED.next_offset
                                        ELSE GREATEST(projector_offsets.next_offset, EXCLUDED.next_offset) END,
                                    topic_id = EXCLUDED.topic_id
                        )
                        SELECT pg_notify(:channel, change)
                        FROM unnest(CAST(:changes AS text[])) WITH ORDINALITY AS c(change, n)
                        ORDER BY n
                        """)
                .bind("group", group)
                .bindByType("topic", entries.stream().map(e -> e.getKey().topic()).toList(), SqlArrays.STRINGS)
                .bindByType("partition", entries.stream().map(e -> e.getKey().partition()).toList(), SqlArrays.INTEGERS)
                .bindByType("offset", entries.stream().map(Map.Entry::getValue).toList(), SqlArrays.LONGS)
                .bindByType("topicId", entries.stream().map(e -> topicIds.get(e.getKey().topic())).toList(),
                        SqlArrays.STRINGS)
                .bind("channel", ReadModel.CHANGED_CHANNEL)
                .bindByType("changes", changes, SqlArrays.STRINGS)
                .mapTo(String.class)
                .list();
    }

    /**
     * Starts {@code partitions} over at offset 0 of the topic now called {@code topicId}, unless another instance
     * did so already; and records the id where none was recorded yet.
     */
    public void startOver(Handle handle, Collection<TopicPartition> partitions, Map<String, String> currentTopicIds) {
        for (TopicPartition partition : partitions) {
            handle.createUpdate("""
                            UPDATE projector_offsets SET next_offset = 0, topic_id = :topicId
                            WHERE consumer_group = :group AND topic = :topic AND kafka_partition = :partition
                              AND topic_id IS DISTINCT FROM :topicId
                            """)
                    .bind("group", group)
                    .bind("topic", partition.topic())
                    .bind("partition", partition.partition())
                    .bind("topicId", currentTopicIds.get(partition.topic()))
                    .execute();
        }
    }

    /** Records the topic id on rows written before ids were stored; their offsets stay. */
    public void recordMissingIds(Handle handle, Map<String, String> currentTopicIds) {
        currentTopicIds.forEach((topic, id) -> handle.createUpdate("""
                        UPDATE projector_offsets SET topic_id = :topicId
                        WHERE consumer_group = :group AND topic = :topic AND topic_id IS NULL
                        """)
                .bind("group", group)
                .bind("topic", topic)
                .bind("topicId", id)
                .execute());
    }
}
