/**
 * The saga contract between the order service (the orchestrator) and the inventory and payment services (the
 * participants): the commands the orchestrator sends, the replies the participants send back, and what each
 * side must guarantee.
 *
 * <p><b>Topics and keys.</b> Commands travel on {@link com.acme.orders.events.Topics#INVENTORY_COMMANDS} and
 * {@link com.acme.orders.events.Topics#PAYMENT_COMMANDS}, replies on
 * {@link com.acme.orders.events.Topics#INVENTORY_REPLIES} and {@link com.acme.orders.events.Topics#PAYMENT_REPLIES}
 * ({@link SagaMessage#topic()} names the right one). The record key is always the order id as decimal text, so
 * every message of one order stays in order on one partition.
 *
 * <p><b>Wire form.</b> One JSON object per record, written and read by
 * {@link com.acme.orders.events.EventCodec} only:
 * <pre>{"messageId": "…", "type": "ReserveStock", "schemaVersion": 1, "orderId": 42,
 *  "occurredAt": "2026-11-30T10:00:00Z", "payload": {"lines": [{"productId": "p1", "quantity": 2}]}}</pre>
 * Replies carry {@code "causationId"} beside {@code messageId}: the {@code messageId} of the command they answer.
 * Money is a JSON number with two decimals; instants are ISO-8601 text; unknown fields are ignored.
 *
 * <p><b>What a participant guarantees.</b>
 * <ul>
 *   <li>Delivery is at least once: the same command may arrive twice. {@link SagaMessage#messageId()} is the
 *       dedup key; a command already processed changes nothing (the reply it caused was already sent).</li>
 *   <li>Effects are idempotent per order, too: a second {@link ReserveStock} for an order that holds a
 *       reservation reserves nothing more and answers {@link StockReserved} again; likewise for payments.</li>
 *   <li>Every command is answered, compensations included: {@link ReleaseStock} of an order with nothing
 *       reserved answers {@link StockReleased}, {@link VoidPayment} or {@link RefundPayment} of an order
 *       with nothing authorised answers {@link PaymentVoided} or {@link PaymentRefunded}. The orchestrator
 *       relies on these answers to finish a compensation.</li>
 *   <li>The effect, the processed message id and the reply commit together, so a crash never loses a reply
 *       nor doubles an effect.</li>
 * </ul>
 */
package com.acme.orders.events.saga;
