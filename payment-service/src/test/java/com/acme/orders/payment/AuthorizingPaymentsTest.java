package com.acme.orders.payment;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class AuthorizingPaymentsTest {

    private static RunningPayments payments;

    @BeforeAll
    static void start(LocalKafkaBroker kafka) {
        payments = RunningPayments.start(kafka, Map.of());
    }

    @AfterAll
    static void stop() {
        payments.close();
    }

    @Test
    void an_amount_within_the_limit_is_authorised_and_listed() {
        AuthorizePayment command = payments.authorize(1, "44.98");

        SagaReply reply = payments.replyTo(command.messageId());

        assertThat(reply).isInstanceOfSatisfying(PaymentAuthorized.class, authorized -> {
            assertThat(authorized.orderId()).isEqualTo(1);
            assertThat(authorized.causationId()).isEqualTo(command.messageId());
            assertThat(authorized.authorizationId()).startsWith("auth-");
        });
        JsonNode listed = payments.payments(1);
        assertThat(listed.get("orderId").asLong()).isEqualTo(1);
        assertThat(listed.get("status").asText()).isEqualTo("AUTHORIZED");
        JsonNode operation = listed.get("operations").get(0);
        assertThat(operation.get("operation").asText()).isEqualTo("AUTHORIZE");
        assertThat(operation.get("outcome").asText()).isEqualTo("AUTHORIZED");
        assertThat(operation.get("amount").decimalValue()).isEqualByComparingTo("44.98");
        assertThat(operation.get("currency").asText()).isEqualTo("EUR");
        assertThat(operation.get("authorizationId").asText()).isEqualTo(((PaymentAuthorized) reply).authorizationId());
        assertThat(operation.get("messageId").asText()).isEqualTo(command.messageId().toString());
    }

    @Test
    void an_amount_over_the_limit_is_declined_with_the_reason() {
        SagaReply reply = payments.replyTo(payments.authorize(2, "100.01").messageId());

        assertThat(reply).isInstanceOfSatisfying(PaymentDeclined.class, declined -> assertThat(declined.reason())
                .isEqualTo("amount 100.01 EUR exceeds the limit of 100.00"));
        assertThat(payments.payments(2).get("status").asText()).isEqualTo("DECLINED");
        assertThat(payments.outcomes(2)).containsExactly("DECLINED");
    }

    @Test
    void exactly_the_limit_is_authorised() {
        assertThat(payments.replyTo(payments.authorize(3, "100.00").messageId())).isInstanceOf(PaymentAuthorized.class);
    }

    @Test
    void a_second_authorisation_of_an_order_charges_nothing_more_and_answers_the_same_id() {
        PaymentAuthorized first = (PaymentAuthorized) payments.replyTo(payments.authorize(4, "10.00").messageId());

        SagaReply second = payments.replyTo(payments.authorize(4, "10.00").messageId());

        assertThat(second).isInstanceOfSatisfying(PaymentAuthorized.class, authorized ->
                assertThat(authorized.authorizationId()).isEqualTo(first.authorizationId()));
        assertThat(payments.outcomes(4)).containsExactly("AUTHORIZED", "ALREADY_AUTHORIZED");
    }

    @Test
    void an_order_without_commands_lists_no_operations() {
        JsonNode listed = payments.payments(999);

        assertThat(listed.get("status").isNull()).isTrue();
        assertThat(listed.get("operations")).isEmpty();
    }
}
