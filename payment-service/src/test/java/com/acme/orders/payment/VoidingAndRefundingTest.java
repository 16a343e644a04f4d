package com.acme.orders.payment;

import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.PaymentRefunded;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class VoidingAndRefundingTest {

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
    void voiding_an_authorisation_ends_it() {
        payments.replyTo(payments.authorize(11, "20.00").messageId());
        VoidPayment command = payments.voidPayment(11);

        SagaReply reply = payments.replyTo(command.messageId());

        assertThat(reply).isInstanceOf(PaymentVoided.class);
        assertThat(reply.causationId()).isEqualTo(command.messageId());
        assertThat(payments.payments(11).get("status").asText()).isEqualTo("VOIDED");
        assertThat(payments.outcomes(11)).containsExactly("AUTHORIZED", "VOIDED");
    }

    @Test
    void refunding_an_authorisation_pays_it_back() {
        payments.replyTo(payments.authorize(12, "20.00").messageId());

        SagaReply reply = payments.replyTo(payments.refund(12).messageId());

        assertThat(reply).isInstanceOf(PaymentRefunded.class);
        assertThat(payments.payments(12).get("status").asText()).isEqualTo("REFUNDED");
        assertThat(payments.outcomes(12)).containsExactly("AUTHORIZED", "REFUNDED");
        assertThat(payments.payments(12).get("operations").get(1).get("amount").decimalValue())
                .isEqualByComparingTo("20.00");
    }

    @Test
    void a_void_before_any_authorisation_is_answered_and_a_late_authorisation_is_declined() {
        SagaReply voided = payments.replyTo(payments.voidPayment(13).messageId());
        SagaReply late = payments.replyTo(payments.authorize(13, "5.00").messageId());

        assertThat(voided).isInstanceOf(PaymentVoided.class);
        assertThat(late).isInstanceOfSatisfying(PaymentDeclined.class, declined ->
                assertThat(declined.reason()).isEqualTo("the order's payment was voided before"));
        assertThat(payments.outcomes(13)).containsExactly("NOTHING_TO_VOID", "REFUSED");
        assertThat(payments.payments(13).get("status").asText()).isEqualTo("VOIDED");
    }

    @Test
    void a_second_void_or_refund_changes_nothing() {
        payments.replyTo(payments.authorize(14, "20.00").messageId());
        payments.replyTo(payments.refund(14).messageId());

        SagaReply again = payments.replyTo(payments.refund(14).messageId());
        SagaReply voidAfter = payments.replyTo(payments.voidPayment(14).messageId());

        assertThat(again).isInstanceOf(PaymentRefunded.class);
        assertThat(voidAfter).isInstanceOf(PaymentVoided.class);
        assertThat(payments.outcomes(14)).containsExactly("AUTHORIZED", "REFUNDED", "ALREADY_REFUNDED",
                "ALREADY_REFUNDED");
        assertThat(payments.payments(14).get("status").asText()).isEqualTo("REFUNDED");
    }

    @Test
    void voiding_a_declined_payment_is_answered_too() {
        payments.replyTo(payments.authorize(15, "500.00").messageId());

        SagaReply reply = payments.replyTo(payments.voidPayment(15).messageId());

        assertThat(reply).isInstanceOf(PaymentVoided.class);
        assertThat(payments.outcomes(15)).containsExactly("DECLINED", "NOTHING_TO_VOID");
    }
}
