-- Stock per product. available = units free to reserve; reserved = units held for orders.
-- The checks are the last line of defence: no code path may ever drive either below zero.
CREATE TABLE stock (
    product_id text PRIMARY KEY,
    available  integer NOT NULL CHECK (available >= 0),
    reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL
);

-- One reservation per order: RESERVED while it holds its lines, RELEASED afterwards. A release of an order
-- that never reserved leaves a RELEASED row too, so a ReserveStock arriving after it reserves nothing.
CREATE TABLE reservations (
    order_id   bigint PRIMARY KEY,
    status     text NOT NULL CHECK (status IN ('RESERVED', 'RELEASED')),
    updated_at timestamptz NOT NULL
);

CREATE TABLE reservation_lines (
    order_id   bigint NOT NULL REFERENCES reservations (order_id),
    product_id text NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);

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

-- Records on inventory-commands that were not a valid inventory command, kept with the reason.
CREATE TABLE rejected_messages (
    id              bigserial PRIMARY KEY,
    topic           text NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint NOT NULL,
    reason          text NOT NULL,
    payload         bytea,
    rejected_at     timestamptz NOT NULL
);
