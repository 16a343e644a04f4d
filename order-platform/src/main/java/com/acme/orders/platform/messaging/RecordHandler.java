package com.acme.orders.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one consumed record completely (its effect, inbox entry and answers committed) before returning. A
 * record it cannot use must be dealt with inside (recorded as rejected), not thrown: a thrown exception means "try
 * again later" and the consumer redelivers the record.
 */
@FunctionalInterface
public interface RecordHandler {

    void handle(ConsumerRecord<String, byte[]> record);
}
