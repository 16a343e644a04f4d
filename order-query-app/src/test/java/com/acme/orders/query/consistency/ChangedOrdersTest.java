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
}
