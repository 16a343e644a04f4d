package com.acme.orders.command.saga;

import com.acme.orders.events.Topics;
import com.acme.orders.events.saga.InventoryCommand;
import com.acme.orders.events.saga.SagaCommand;
import com.acme.orders.platform.config.Env;

import java.time.Duration;

/**
 * How the command app runs the place-order saga.
 *
 * @param enabled      {@code SAGAS_ENABLED}, false: when true, placing an order reserves its stock and takes its
 *                     payment through the inventory and payment services, the saga alone confirms an order (a
 *                     client's PUT to CONFIRMED is a 409) and a client's cancel is compensated. False keeps the
 *                     manual flow: a client confirms by PUT. Off by default because with it on, an order is
 *                     cancelled after the step timeout wherever the two services do not run.
 * @param stepTimeout  {@code SAGA_STEP_TIMEOUT}, 30s: how long a participant has to answer one step
 * @param maxInFlight  {@code SAGA_MAX_IN_FLIGHT}, 500: at most this many sagas reserving, authorising or compensating
 *                     at once (all instances together); placing an order waits for room ({@link SagaAdmission}).
 *                     0: no bound
 * @param admissionTimeout {@code SAGA_ADMISSION_TIMEOUT}, 10s: how long placing an order waits for that room
 *                     before it is refused with a 503 and {@code Retry-After}
 * @param currency     {@code SAGA_CURRENCY}, EUR: the currency of every authorisation (orders carry none)
 * @param timeoutPoll  {@code SAGA_TIMEOUT_POLL}, 1s: how often due deadlines are looked for
 * @param consumerGroup {@code SAGA_CONSUMER_GROUP}, order-saga: the consumer group of the reply topics
 * @param retention    {@code SAGA_RETENTION}, 30d: how long a finished saga (CONFIRMED or CANCELLED) and its steps
 *                     are kept after it finished; then {@link SagaRetention} deletes them (only once its order can
 *                     no longer be cancelled, see there)
 * @param topics       the contract's topics, each overridable as the participants' are
 *                     ({@code INVENTORY_COMMANDS_TOPIC}, {@code PAYMENT_COMMANDS_TOPIC}, {@code INVENTORY_REPLIES_TOPIC},
 *                     {@code PAYMENT_REPLIES_TOPIC}), so that deployments (and tests) can share a cluster
 */
public record SagaSettings(boolean enabled, Duration stepTimeout, int maxInFlight, Duration admissionTimeout,
                           String currency, Duration timeoutPoll,
                           String consumerGroup, Duration retention, SagaTopics topics) {

    /** Where each kind of saga message travels. */
    public record SagaTopics(String inventoryCommands, String paymentCommands, String inventoryReplies,
                             String paymentReplies) {

        /** The topic of {@code command}. */
        public String of(SagaCommand command) {
            return command instanceof InventoryCommand ? inventoryCommands : paymentCommands;
        }
    }

    public static SagaSettings fromEnv(Env env) {
        return new SagaSettings(
                env.flag("SAGAS_ENABLED", false),
                env.duration("SAGA_STEP_TIMEOUT", Duration.ofSeconds(30)),
                env.integer("SAGA_MAX_IN_FLIGHT", 500),
                env.duration("SAGA_ADMISSION_TIMEOUT", Duration.ofSeconds(10)),
                env.string("SAGA_CURRENCY", "EUR"),
                env.duration("SAGA_TIMEOUT_POLL", Duration.ofSeconds(1)),
                env.string("SAGA_CONSUMER_GROUP", "order-saga"),
                env.duration("SAGA_RETENTION", Duration.ofDays(30)),
                new SagaTopics(env.string("INVENTORY_COMMANDS_TOPIC", Topics.INVENTORY_COMMANDS),
                        env.string("PAYMENT_COMMANDS_TOPIC", Topics.PAYMENT_COMMANDS),
                        env.string("INVENTORY_REPLIES_TOPIC", Topics.INVENTORY_REPLIES),
                        env.string("PAYMENT_REPLIES_TOPIC", Topics.PAYMENT_REPLIES)));
    }
}
