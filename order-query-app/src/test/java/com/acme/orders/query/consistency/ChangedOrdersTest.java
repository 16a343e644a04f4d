package com.acme.orders.query.consistency;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangedOrdersTest {

    @Test
    void the_ids_of_every_payload_are_collected() {
        ChangedOrders changed = ChangedOrders.parse(List.of("42", "43,44", " 45 , 46 "));

        assertThat(changed.everything()).isFalse();
        assertThat(changed.ids()).containsExactlyInAnyOrder(42L, 43L, 44L, 45L, 46L);
        assertThat(changed.includes(44)).isTrue();
        assertThat(changed.includes(47)).isFalse();
    }

    @Test
    void a_star_means_everything() {
        ChangedOrders changed = ChangedOrders.parse(List.of("42", "*"));

        assertThat(changed.everything()).isTrue();
        assertThat(changed.includes(7)).isTrue();
    }

    @Test
    void an_unreadable_payload_is_taken_as_everything_rather_than_ignored() {
        assertThat(ChangedOrders.parse(List.of("42,forty-three")).everything()).isTrue();
        assertThat(ChangedOrders.parse(List.of("")).everything()).isTrue();
    }

    @Test
    void versions_come_with_the_ids_that_carry_them_and_the_later_one_counts() {
        ChangedOrders changed = ChangedOrders.parse(List.of("42:3,43:1", "42:4,44"));

        assertThat(changed.ids()).containsExactlyInAnyOrder(42L, 43L, 44L);
        assertThat(changed.versions()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(42L, 4L, 43L, 1L));
        assertThat(changed.withoutVersion(java.util.Set.of(42L, 44L, 45L))).containsExactlyInAnyOrder(44L, 45L);
    }

    @Test
    void an_order_also_named_without_a_version_is_read_from_the_database() {
        ChangedOrders changed = ChangedOrders.parse(List.of("42:3", "42"));

        assertThat(changed.versions()).isEmpty();
        assertThat(changed.withoutVersion(java.util.Set.of(42L))).containsExactly(42L);
    }

    @Test
    void a_malformed_version_is_taken_as_everything() {
        assertThat(ChangedOrders.parse(List.of("42:x")).everything()).isTrue();
    }
}
