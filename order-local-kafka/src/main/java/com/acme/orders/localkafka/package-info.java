/** A real single-node Kafka broker (KRaft, no ZooKeeper) started from the Apache Kafka jars. */
package com.acme.orders.localkafka;
