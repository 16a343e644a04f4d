package com.acme.orders.payment;

import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.HttpJson;
import com.acme.orders.testkit.SharedKafka;
import com.acme.orders.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedKafka.class)
class PaymentAdminApiTest {

    @Test
    void the_service_creates_its_database_and_reports_health_readiness_metrics_and_its_api(LocalKafkaBroker kafka)
            throws Exception {
        TestDatabase fresh = TestDatabase.reserveName("payments_bootstrap");
        PaymentConfig config = RunningPayments.config(fresh, kafka, Map.of());

        try (PaymentApp app = PaymentApp.start(config, Clock.systemUTC())) {
            HttpJson http = HttpJson.local(app.port());
            http.get("/payments?orderId=1");

            try (Connection connection = fresh.connect()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(http.get("/health").status()).isEqualTo(200);
            HttpJson.Response ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/checks/database/status").asText()).isEqualTo("UP");
            assertThat(http.get("/metrics").text())
                    .contains("route=\"/payments\"")
                    .contains("outbox_messages_backlog{app=\"payment-service\"}")
                    .contains("jvm_memory_used_bytes");
            assertThat(http.get("/openapi.json").json().at("/paths/~1payments/get/summary").asText())
                    .isEqualTo("An order's payment and its operations");
        } finally {
            fresh.close();
        }
    }

    @Test
    void a_missing_or_malformed_order_id_is_a_400_naming_it(LocalKafkaBroker kafka) {
        try (RunningPayments payments = RunningPayments.start(kafka, Map.of())) {
            for (String query : new String[]{"", "?orderId=", "?orderId=abc", "?orderId=0", "?orderId=-5",
                    "?orderId=99999999999999999999"}) {
                HttpJson.Response response = payments.http.get("/payments" + query);

                assertThat(response.status()).as(query).isEqualTo(400);
                assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                        .startsWith("application/problem+json"));
                assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("orderId");
            }
        }
    }

    @Test
    void with_an_admin_token_the_payments_api_requires_it_and_the_probes_stay_open(LocalKafkaBroker kafka) {
        try (RunningPayments payments = RunningPayments.start(kafka, Map.of("ADMIN_API_TOKEN", "pay-token"))) {
            assertThat(payments.http.get("/payments?orderId=1").status()).isEqualTo(401);
            assertThat(payments.http.get("/payments?orderId=1", "Authorization", "Bearer other").status())
                    .isEqualTo(401);
            assertThat(payments.http.get("/payments?orderId=1", "Authorization", "Bearer pay-token").status())
                    .isEqualTo(200);
            assertThat(payments.http.get("/health").status()).isEqualTo(200);
            assertThat(payments.http.get("/ready").status()).isEqualTo(200);
            assertThat(payments.http.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void a_limit_that_is_not_an_amount_is_refused_at_start(LocalKafkaBroker kafka) {
        TestDatabase unused = TestDatabase.reserveName("payments_config");

        assertThatThrownBy(() -> RunningPayments.config(unused, kafka, Map.of("PAYMENT_LIMIT", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYMENT_LIMIT");
        assertThatThrownBy(() -> RunningPayments.config(unused, kafka, Map.of("PAYMENT_LIMIT", "10.001")))
                .hasMessageContaining("PAYMENT_LIMIT");
    }
}
