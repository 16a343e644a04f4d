package com.acme.orders.payment;

import com.acme.orders.events.saga.AuthorizePayment;
import com.acme.orders.events.saga.PaymentAuthorized;
import com.acme.orders.events.saga.PaymentVoided;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.VoidPayment;
import com.acme.orders.localkafka.LocalKafkaBroker;
import com.acme.orders.testkit.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedKafka.class)
class DeliveringCommandsTwiceTest {

    @Test
    void every_command_delivered_twice_charges_once_and_is_answered_once(LocalKafkaBroker kafka) {
        try (RunningPayments payments = RunningPayments.start(kafka, Map.of())) {
            AuthorizePayment kept = new AuthorizePayment(UUID.randomUUID(), 21, Instant.now(), new BigDecimal("30.00"), "EUR");
            AuthorizePayment voidedLater = new AuthorizePayment(UUID.randomUUID(), 22, Instant.now(),
                    new BigDecimal("40.00"), "EUR");
            VoidPayment voiding = new VoidPayment(UUID.randomUUID(), 22, Instant.now());

            for (var command : List.of(kept, kept, voidedLater, voidedLater, voiding, voiding)) {
                payments.send(command);
            }
            payments.replies(3);
            List<SagaReply> replies = payments.wire.allReplies(payments.config.messaging().outputTopic(),
                    Duration.ofSeconds(2));

            assertThat(replies).hasSize(3);
            assertThat(replies).filteredOn(r -> r.causationId().equals(kept.messageId()))
                    .singleElement().isInstanceOf(PaymentAuthorized.class);
            assertThat(replies).filteredOn(r -> r.causationId().equals(voiding.messageId()))
                    .singleElement().isInstanceOf(PaymentVoided.class);
            assertThat(payments.outcomes(21)).containsExactly("AUTHORIZED");
            assertThat(payments.outcomes(22)).containsExactly("AUTHORIZED", "VOIDED");
            assertThat(payments.http.get("/metrics").text())
                    .contains("participant_commands_duplicate_total{app=\"payment-service\"} 3.0")
                    .contains("participant_commands_total{app=\"payment-service\",command=\"AuthorizePayment\",reply=\"PaymentAuthorized\"} 2.0");
        }
    }
}
