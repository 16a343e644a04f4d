package com.acme.orders.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Processes consumed records completely (their effects, inbox entries and answers committed) before returning. A
 * record it cannot use must be dealt with inside (recorded as rejected), not thrown: a thrown exception means "try
 * again later" and the consumer redelivers the records.
 */
@FunctionalInterface
public interface RecordHandler {

    void handle(ConsumerRecord<String, byte[]> record);

    /**
     * Processes the records of one poll, each partition's in offset order. One after the other unless the handler
     * knows how to apply them together (fewer transactions) with the same outcome as one by one.
     */
    default void handleAll(List<ConsumerRecord<String, byte[]>> records) {
        records.forEach(this::handle);
    }
}
