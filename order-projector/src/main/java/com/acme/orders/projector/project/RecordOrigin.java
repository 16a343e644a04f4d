package com.acme.orders.projector.project;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/** Where a record came from and what it held, so that it can be dead-lettered as it was. */
public record RecordOrigin(String topic, int partition, long offset, String key, byte[] value, Headers headers) {

    public static RecordOrigin of(ConsumerRecord<String, byte[]> record) {
        return new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                record.headers());
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
