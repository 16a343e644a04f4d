package com.acme.orders.command.saga;

import com.acme.orders.command.store.EventStore;
import com.acme.orders.command.store.Orders;
import com.acme.orders.command.store.Transaction;
import com.acme.orders.command.store.Transactions;
import com.acme.orders.domain.Change;
import com.acme.orders.domain.Order;
import com.acme.orders.domain.saga.OrderOutcome;
import com.acme.orders.domain.saga.PlaceOrderSaga;
import com.acme.orders.domain.saga.SagaDecision;
import com.acme.orders.domain.saga.SagaStep;
import com.acme.orders.events.OrderStatus;
import com.acme.orders.events.saga.PaymentDeclined;
import com.acme.orders.events.saga.SagaMessage;
import com.acme.orders.events.saga.SagaReply;
import com.acme.orders.events.saga.StockUnavailable;
import com.acme.orders.platform.db.DatabaseBusy;
import com.acme.orders.platform.db.Postgres;
import com.acme.orders.platform.messaging.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the place-order saga of every order: {@link PlaceOrderSaga} decides, this class makes each decision
 * durable in ONE write-database transaction — the saga row and its step, the commands it sends (through the
 * outbox), the order's own change and events, and for a reply its id in the inbox — so a crash anywhere loses
 * or doubles nothing. Every path locks the order's row before the saga's, so two paths never deadlock.
 */
public final class Orchestrator {

    private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

    private final PlaceOrderSaga rules;
    private final Duration stepTimeout;
    private final SagaSettings.SagaTopics topics;
    private final Transactions transactions;
    private final Orders orders;
    private final EventStore events;
    private final Sagas sagas;
    private final SagaMetrics metrics;
    private final Inbox inbox = new Inbox();

    public Orchestrator(PlaceOrderSaga rules, SagaSettings settings, Transactions transactions, Orders orders,
                        EventStore events, Sagas sagas, SagaMetrics metrics) {
        this.rules = rules;
        this.stepTimeout = settings.stepTimeout();
        this.topics = settings.topics();
        this.transactions = transactions;
        this.orders = orders;
        this.events = events;
        this.sagas = sagas;
        this.metrics = metrics;
    }

    /** Starts the saga of a just-placed order, in the transaction that places it. */
    public void start(Transaction tx, Order order) {
        Instant now = tx.now();
        SagaDecision decision = rules.start(order, now);
        Sagas.Stored saga = new Sagas.Stored(decision.saga(), 1, now, now, deadline(decision, now), null);
        sagas.start(tx, saga, step(1, now, "order placed", decision));
        events.send(tx, decision.commands(), topics::of);
        tx.afterCommit(() -> {
            metrics.started();
            log.info("saga started orderId={} step={} commands={}", order.id(), decision.saga().step(),
                    types(decision));
        });
    }

    /**
     * The customer cancelled the order (or deleted it while PENDING), in the transaction that did so, which holds
     * the order's row: undo what the saga did or may have done.
     *
     * @param statusBefore the order's status before the customer's command
     */
    public void customerCancelled(Transaction tx, long orderId, OrderStatus statusBefore) {
        Optional<Sagas.Stored> saga = sagas.lock(tx, orderId);
        if (saga.isEmpty()) {
            return;
        }
        SagaDecision decision = rules.onCustomerCancel(saga.get().saga(), statusBefore, tx.now());
        apply(tx, saga.get(), decision, "customer cancel", Optional.empty(), "customer");
    }

    /**
     * Applies the participants' replies of one poll, each exactly once: a redelivered reply finds its id in the
     * inbox. The whole poll is one command of the group commit ({@link #applyTogether}): its inbox ids, its
     * orders' and sagas' locks and its writes each take one round trip, however many replies it holds. Should that
     * fail (one reply the rules or the database refuse), the replies are applied each in its own transaction, so
     * that one bad reply fails alone; the replies of one order then in rounds, each after the one before committed.
     *
     * @throws RuntimeException the first failure, once the replies handed over with it ended; replies of later
     *                          rounds are then not applied (the caller delivers them again)
     */
    public void onReplies(List<SagaReply> replies) {
        try {
            transactions.run(tx -> applyTogether(tx, replies));
        } catch (RuntimeException e) {
            if (replies.size() == 1 || Postgres.isUnavailable(e) || e instanceof DatabaseBusy) {
                throw e;
            }
            log.warn("a poll of {} saga replies failed together, applying each alone: {}", replies.size(),
                    e.toString());
            for (List<SagaReply> round : inOrderPerOrder(replies)) {
                transactions.runAll(round.stream()
                        .<Transactions.Work<Void>>map(reply -> tx -> applyTogether(tx, List.of(reply)))
                        .toList());
            }
        }
    }

    /**
     * Applies {@code replies} in one command: records their ids (a redelivered one is skipped), locks their orders
     * and then their sagas (each in the order of the ids), and applies them in the order given, the replies of one
     * order one after the other on the state the one before left.
     */
    private Void applyTogether(Transaction tx, List<SagaReply> replies) {
        boolean[] first = inbox.firstDeliveries(tx.handle(),
                replies.stream().map(reply -> new Inbox.Delivery(reply.messageId(), reply.type())).toList(), tx.now());
        List<SagaReply> fresh = new ArrayList<>(replies.size());
        for (int i = 0; i < first.length; i++) {
            if (first[i]) {
                fresh.add(replies.get(i));
            } else {
                redelivered(tx, replies.get(i));
            }
        }
        Set<Long> orderIds = fresh.stream().map(SagaReply::orderId).collect(Collectors.toSet());
        Map<Long, Order> orderRows = orders.lockAll(tx, orderIds);
        Map<Long, Sagas.Stored> sagaRows = sagas.lockAll(tx, orderIds);
        for (SagaReply reply : fresh) {
            Sagas.Stored saga = sagaRows.get(reply.orderId());
            if (saga == null) {
                tx.afterCommit(() -> log.warn("saga reply for an order without a saga orderId={} type={} messageId={}",
                        reply.orderId(), reply.type(), reply.messageId()));
                continue;
            }
            Applied applied = apply(tx, saga, rules.on(saga.saga(), reply, tx.now()), reply.type(),
                    Optional.ofNullable(orderRows.get(reply.orderId())), reason(reply));
            sagaRows.put(reply.orderId(), applied.saga());
            applied.order().ifPresent(order -> orderRows.put(reply.orderId(), order));
        }
        return null;
    }

    /** Round {@code n} holds the {@code n}-th reply of every order, so that no round holds two of one order. */
    private static List<List<SagaReply>> inOrderPerOrder(List<SagaReply> replies) {
        List<List<SagaReply>> rounds = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (SagaReply reply : replies) {
            int round = seen.merge(reply.orderId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(reply);
        }
        return rounds;
    }

    private void redelivered(Transaction tx, SagaReply reply) {
        tx.afterCommit(() -> {
            metrics.duplicateReply();
            log.info("saga reply ignored as a redelivery orderId={} type={} messageId={}",
                    reply.orderId(), reply.type(), reply.messageId());
        });
    }

    /**
     * Times out up to {@code limit} sagas whose step deadline passed (rows other instances hold are skipped).
     *
     * @return how many were found; as many as {@code limit} means more may be due
     */
    public int timeOutDue(int limit) {
        return transactions.run(tx -> {
            List<Sagas.Stored> due = sagas.lockDue(tx, tx.now(), limit);
            for (Sagas.Stored saga : due) {
                SagaStep step = saga.saga().step();
                SagaDecision decision = rules.onTimeout(saga.saga(), tx.now());
                tx.afterCommit(() -> metrics.timedOut(step));
                apply(tx, saga, decision, "timeout", orders.lock(tx, saga.saga().orderId()), "timeout");
            }
            return due.size();
        });
    }

    /** A saga and its order after a decision was applied (the order when it was given). */
    private record Applied(Sagas.Stored saga, Optional<Order> order) {
    }

    private Applied apply(Transaction tx, Sagas.Stored before, SagaDecision decision, String cause, Optional<Order> order,
                       String cancelReason) {
        long orderId = before.saga().orderId();
        if (decision.ignored()) {
            tx.afterCommit(() -> log.info("saga step ignored orderId={} cause={} step={}: {}", orderId, cause,
                    before.saga().step(), decision.summary()));
            return new Applied(before, order);
        }
        Instant now = tx.now();
        boolean finishes = !decision.saga().step().isInFlight() && before.finishedAt() == null;
        Sagas.Stored after = new Sagas.Stored(decision.saga(), before.version() + 1, before.startedAt(), now,
                deadline(decision, now), finishes ? now : before.finishedAt());
        sagas.update(tx, before, after, step(after.version(), now, cause, decision));
        events.send(tx, decision.commands(), topics::of);
        Optional<Order> orderAfter = order;
        if (order.isPresent()) {
            Change change = orderChange(order.get(), decision.outcome(), now);
            if (change.changedAnything()) {
                orders.update(tx, order.get(), change.order());
                events.append(tx, change.events());
                orderAfter = Optional.of(change.order());
            }
        }
        // The customer's own command cancels the order; the saga's outcome then leaves it unchanged.
        boolean cancelled = decision.outcome() instanceof OrderOutcome.Cancel || "customer".equals(cancelReason);
        tx.afterCommit(() -> {
            metrics.compensations(decision.compensations());
            if (decision.outcome() instanceof OrderOutcome.Confirm) {
                metrics.confirmed();
            }
            if (cancelled) {
                metrics.cancelled(cancelReason);
            }
            if (finishes) {
                metrics.finished(Duration.between(before.startedAt(), now));
            }
            log.info("saga step orderId={} cause={} step={} version={} commands={}: {}", orderId, cause,
                    decision.saga().step(), after.version(), types(decision), decision.summary());
        });
        return new Applied(after, orderAfter);
    }

    private static Change orderChange(Order order, OrderOutcome outcome, Instant now) {
        if (outcome instanceof OrderOutcome.Confirm) {
            return order.confirm(now);
        }
        if (outcome instanceof OrderOutcome.Cancel cancel) {
            return order.cancel(cancel.reason(), now);
        }
        return new Change(order, List.of());
    }

    private Instant deadline(SagaDecision decision, Instant now) {
        return decision.saga().step().hasDeadline() ? now.plus(stepTimeout) : null;
    }

    private static Sagas.Step step(long version, Instant now, String cause, SagaDecision decision) {
        return new Sagas.Step(version, now, cause, decision.saga().step(), decision.summary(), types(decision));
    }

    private static List<String> types(SagaDecision decision) {
        return decision.commands().stream().map(SagaMessage::type).toList();
    }

    /** The {@code reason} tag of {@code sagas.cancelled} a reply may lead to. */
    private static String reason(SagaReply reply) {
        if (reply instanceof StockUnavailable) {
            return "stock";
        }
        if (reply instanceof PaymentDeclined) {
            return "payment";
        }
        return "none";
    }
}
