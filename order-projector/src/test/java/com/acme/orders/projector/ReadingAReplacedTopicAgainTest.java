package com.acme.orders.projector;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.Await;
import com.acme.orders.testkit.KafkaBrokers;
import com.acme.orders.testkit.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read database keeps its offsets while the topic under them is replaced: deleted and created again, or the
 * whole cluster swapped for a new one with topics of the same names. Seeking to the stored offsets would silently
 * skip the start of the new log; the projector notices the new topic id, reads the topic again from its
 * beginning and repairs from the event store what only the old log held.
 *
 * <p>Both tests first make the new log at least as long as the stored offsets in every partition, so that a
 * projector that trusted them would really skip events (a shorter log would be reset by Kafka by luck).
 */
@ExtendWith(SharedKafka.class)
class ReadingAReplacedTopicAgainTest {

    private static final int PARTITIONS = 6;

    private RunningSystem system;
    private final List<LocalKafkaBroker> dedicated = new ArrayList<>();

    @AfterEach
    void stop() {
        if (system != null) {
            system.close();
        }
        dedicated.forEach(LocalKafkaBroker::close);
    }

    @Test
    void a_topic_deleted_and_created_again_is_read_from_its_beginning_without_skipping_an_event(
            LocalKafkaBroker kafka) throws Exception {
        system = RunningSystem.withoutProjector(kafka, Map.of());
        system.startProjector();
        system.createMixedOrders(30);
        system.awaitReadModelMatchesWriteModel();
        system.stopProjectors();
        Map<Integer, Long> stored = system.storedOffsets();
        String storedTopicId = storedTopicId();

        recreate(kafka, system.orderTopic);
        growUntilPast(stored);
        // A grace period far beyond the test's patience: only reading the new topic again can make the models agree.
        ProjectorApp projector = system.startProjector(Map.of("RECONCILE_GRACE", "10m"));

        system.awaitReadModelMatchesWriteModel();
        assertThat(system.readModel()).isEqualTo(system.writeModel());
        assertThat(system.metric(projector, "projector_topic_resets_total", "topic=\"" + system.orderTopic + "\""))
                .isEqualTo(1.0);
        assertThat(system.metric(projector, "reconciler_repairs_total", "")).isZero();
        assertThat(storedTopicId()).isNotEqualTo(storedTopicId).isEqualTo(topicId(kafka, system.orderTopic));
    }

    @Test
    void a_new_cluster_with_topics_of_the_same_names_is_read_from_the_beginning_and_the_rest_repaired()
            throws Exception {
        LocalKafkaBroker oldCluster = dedicated("old-cluster");
        system = RunningSystem.withoutProjector(oldCluster, Map.of());
        system.startProjector();
        system.createMixedOrders(30);
        system.awaitReadModelMatchesWriteModel();
        system.stopProjectors();
        // Published to the old cluster only, never read by a projector: no new log will hold these.
        List<Long> onlyInTheOldCluster = system.createMixedOrders(6);
        Await.until(() -> system.unpublishedEvents() == 0, Duration.ofSeconds(30));
        Map<Integer, Long> stored = system.storedOffsets();
        String storedTopicId = storedTopicId();

        LocalKafkaBroker newCluster = dedicated("new-cluster");
        system.moveTo(newCluster);
        oldCluster.close();
        growUntilPast(stored);
        ProjectorApp projector = system.startProjector(Map.of("RECONCILE_GRACE", "1s"));

        system.awaitReadModelMatchesWriteModel();
        assertThat(system.readModel()).isEqualTo(system.writeModel());
        assertThat(system.readModel()).filteredOn(row -> onlyInTheOldCluster.stream()
                .anyMatch(id -> row.startsWith(id + " "))).hasSize(onlyInTheOldCluster.size());
        assertThat(system.metric(projector, "projector_topic_resets_total", "topic=\"" + system.orderTopic + "\""))
                .isEqualTo(1.0);
        assertThat(system.metric(projector, "reconciler_repairs_total", ""))
                .as("the orders only the old cluster held come from the event store")
                .isGreaterThanOrEqualTo(onlyInTheOldCluster.size());
        assertThat(storedTopicId()).isNotEqualTo(storedTopicId).isEqualTo(topicId(newCluster, system.orderTopic));
    }

    /** Creates orders until every partition of the (new) order topic ends beyond the offsets stored for it. */
    private void growUntilPast(Map<Integer, Long> stored) throws Exception {
        assertThat(stored).hasSize(PARTITIONS);
        for (int round = 0; round < 30; round++) {
            system.createMixedOrders(12);
            Await.until(() -> system.unpublishedEvents() == 0, Duration.ofSeconds(30));
            Map<Integer, Long> ends = endOffsets(system.kafka, system.orderTopic);
            if (stored.entrySet().stream().allMatch(entry -> ends.getOrDefault(entry.getKey(), 0L) > entry.getValue())) {
                return;
            }
        }
        throw new AssertionError("the new log never grew past the stored offsets " + stored);
    }

    private String storedTopicId() {
        List<String> ids = system.read.withHandle(handle -> handle.createQuery(
                        "SELECT DISTINCT topic_id FROM projector_offsets WHERE topic = :topic")
                .bind("topic", system.orderTopic).mapTo(String.class).list());
        assertThat(ids).hasSize(1).doesNotContainNull();
        return ids.get(0);
    }

    private LocalKafkaBroker dedicated(String purpose) {
        LocalKafkaBroker broker = KafkaBrokers.startDedicated(purpose);
        dedicated.add(broker);
        return broker;
    }

    private static Admin admin(LocalKafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void recreate(LocalKafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            String before = topicId(kafka, topic);
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            // Deletion completes asynchronously; creating too early is refused (or done by the relay meanwhile).
            Await.until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all()
                            .get(10, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return !topicIdOrNone(admin, topic).equals(before) && !topicIdOrNone(admin, topic).isEmpty();
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(60));
        }
    }

    private static String topicId(LocalKafkaBroker kafka, String topic) {
        try (Admin admin = admin(kafka)) {
            return topicIdOrNone(admin, topic);
        }
    }

    private static String topicIdOrNone(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .topicId().toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static Map<Integer, Long> endOffsets(LocalKafkaBroker kafka, String topic) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }

}
