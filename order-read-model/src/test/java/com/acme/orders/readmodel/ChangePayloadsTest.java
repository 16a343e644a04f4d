package com.acme.orders.readmodel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ChangePayloadsTest {

    @Test
    void each_changed_order_is_announced_with_its_version_and_a_rewritten_one_bare() {
        assertThat(ReadModel.payloads(Map.of(43L, 1L, 42L, 3L), Set.of(44L, 42L)))
                .containsExactly("42:3,43:1,44");
    }

    @Test
    void a_batch_too_large_for_one_payload_is_announced_in_several_rather_than_as_everything() {
        Map<Long, Long> versions = new TreeMap<>();
        for (long id = 1_000_000; id < 1_003_000; id++) {
            versions.put(id, 7L);
        }

        List<String> payloads = ReadModel.payloads(versions, Set.of());

        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(payload ->
                assertThat(payload.length()).isLessThanOrEqualTo(ReadModel.MAX_PAYLOAD));
        assertThat(String.join(",", payloads).split(",")).hasSize(3_000).contains("1000000:7", "1002999:7");
    }

    @Test
    void nothing_changed_sends_nothing() {
        assertThat(ReadModel.payloads(Map.of(), Set.of())).isEmpty();
    }
}
