package com.acme.orders.projector.project;

import com.acme.orders.events.EventCodec;
import com.acme.orders.events.EventDecodingException;
import com.acme.orders.events.OrderEventEnvelope;
import com.acme.orders.events.UserEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll's records, decoded: order events and user events in partition order, the records that cannot be
 * decoded (with the reason), and the offset each partition continues from once the batch is applied.
 */
public record IncomingBatch(List<Incoming<OrderEventEnvelope>> orderEvents, List<Incoming<UserEvent>> userEvents,
                            List<DeadLetter> undecodable, Map<TopicPartition, Long> nextOffsets) {

    public static IncomingBatch decode(ConsumerRecords<String, byte[]> records, EventCodec codec, String orderTopic) {
        List<Incoming<OrderEventEnvelope>> orderEvents = new ArrayList<>();
        List<Incoming<UserEvent>> userEvents = new ArrayList<>();
        List<DeadLetter> undecodable = new ArrayList<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            RecordOrigin origin = RecordOrigin.of(record);
            nextOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            try {
                if (record.topic().equals(orderTopic)) {
                    OrderEventEnvelope event = codec.decodeOrderEvent(record.value());
                    requireKey(record, event.orderId());
                    orderEvents.add(new Incoming<>(event, origin));
                } else {
                    UserEvent event = codec.decodeUserEvent(record.value());
                    requireKey(record, event.userId());
                    userEvents.add(new Incoming<>(event, origin));
                }
            } catch (EventDecodingException e) {
                undecodable.add(new DeadLetter(origin, e.getMessage()));
            }
        }
        return new IncomingBatch(orderEvents, userEvents, undecodable, nextOffsets);
    }

    public int size() {
        return orderEvents.size() + userEvents.size() + undecodable.size();
    }

    /** The key routes the record to its partition; one that disagrees with the body means a broken producer. */
    private static void requireKey(ConsumerRecord<String, byte[]> record, long id) {
        if (record.key() != null && !record.key().equals(Long.toString(id))) {
            throw new EventDecodingException("key '" + record.key() + "' does not match id " + id + " in the body");
        }
    }
}
