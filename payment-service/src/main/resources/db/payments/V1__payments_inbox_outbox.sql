-- One payment per order and where it stands. A void or refund of an order that was never authorised leaves a
-- VOIDED or REFUNDED row without an amount, so an AuthorizePayment arriving after it authorises nothing.
CREATE TABLE payments (
    order_id         bigint PRIMARY KEY,
    status           text NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED', 'VOIDED', 'REFUNDED')),
    amount           numeric(14, 2),
    currency         text,
    authorization_id text,
    updated_at       timestamptz NOT NULL
);

-- Every command's outcome, for support staff and GET /payments?orderId=N.
CREATE TABLE payment_operations (
    id               bigserial PRIMARY KEY,
    order_id         bigint NOT NULL,
    operation        text NOT NULL CHECK (operation IN ('AUTHORIZE', 'VOID', 'REFUND')),
    outcome          text NOT NULL,
    amount           numeric(14, 2),
    currency         text,
    authorization_id text,
    reason           text,
    message_id       uuid NOT NULL,
    occurred_at      timestamptz NOT NULL
);
CREATE INDEX payment_operations_by_order ON payment_operations (order_id, id);

-- Commands processed: a redelivered command finds its id here and changes nothing.
CREATE TABLE inbox (
    message_id   uuid PRIMARY KEY,
    type         text NOT NULL,
    processed_at timestamptz NOT NULL
);

-- Replies waiting for the relay, written in the transaction of their effect.
CREATE TABLE outbox (
    position    bigserial PRIMARY KEY,
    message_id  uuid NOT NULL,
    topic       text NOT NULL,
    message_key text NOT NULL,
    type        text NOT NULL,
    payload     bytea NOT NULL,
    created_at  timestamptz NOT NULL
);

-- Records on payment-commands that were not a valid payment command, kept with the reason.
CREATE TABLE rejected_messages (
    id              bigserial PRIMARY KEY,
    topic           text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint NOT NULL,
    reason          text NOT NULL,
    payload         bytea,
    rejected_at     timestamptz NOT NULL
);
