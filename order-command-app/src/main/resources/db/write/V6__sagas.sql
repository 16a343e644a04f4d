-- The place-order saga of each order, changed in the same transaction as the order, its events and the
-- commands the saga sends.
CREATE TABLE sagas (
    order_id            BIGINT PRIMARY KEY,
    step                TEXT          NOT NULL
        CHECK (step IN ('RESERVING_STOCK', 'AUTHORIZING_PAYMENT', 'CONFIRMED', 'COMPENSATING', 'CANCELLED')),
    stock_reserved      BOOLEAN       NOT NULL,
    payment_authorized  BOOLEAN       NOT NULL,
    amount              NUMERIC(18, 2) NOT NULL,
    currency            TEXT          NOT NULL,
    pending             TEXT[]        NOT NULL,  -- compensations sent and not yet answered
    cancellation_reason TEXT,
    deadline            TIMESTAMPTZ,             -- while the step waits for a participant
    started_at          TIMESTAMPTZ   NOT NULL,
    updated_at          TIMESTAMPTZ   NOT NULL,
    finished_at         TIMESTAMPTZ,             -- when it reached CONFIRMED or CANCELLED (last time)
    version             BIGINT        NOT NULL
);

-- Due deadlines, found by any instance (FOR UPDATE SKIP LOCKED), also after a restart.
CREATE INDEX sagas_deadline ON sagas (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX sagas_in_flight ON sagas (started_at) WHERE step IN ('RESERVING_STOCK', 'AUTHORIZING_PAYMENT', 'COMPENSATING');

-- What happened to each saga, for GET /orders/{id}/saga: one row per change of the saga.
CREATE TABLE saga_steps (
    order_id BIGINT      NOT NULL,
    version  BIGINT      NOT NULL,  -- the saga's version after this step
    at       TIMESTAMPTZ NOT NULL,
    cause    TEXT        NOT NULL,  -- started, a reply's type, timeout, customer cancel
    step     TEXT        NOT NULL,  -- where the saga is after it
    summary  TEXT        NOT NULL,
    commands TEXT[]      NOT NULL,  -- the types of the commands it sent
    PRIMARY KEY (order_id, version)
);

-- Commands the saga sends. Their positions come from the event store's sequence, so that the one outbox (and
-- the one relay) carries events and commands, in the order they were committed.
CREATE TABLE saga_commands (
    position    BIGINT PRIMARY KEY DEFAULT nextval('order_events_position_seq'),
    message_id  UUID        NOT NULL UNIQUE,
    order_id    BIGINT      NOT NULL,
    topic       TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    message     BYTEA       NOT NULL,  -- the Kafka value, as EventCodec encodes it
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX saga_commands_order ON saga_commands (order_id);

-- Replies already applied: a redelivered reply finds its id and changes nothing.
CREATE TABLE inbox (
    message_id   UUID PRIMARY KEY,
    type         TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Replies that could not be read, kept with the reason instead of stopping the stream.
CREATE TABLE rejected_messages (
    id              BIGSERIAL PRIMARY KEY,
    topic           TEXT        NOT NULL,
    kafka_partition INT         NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    reason          TEXT        NOT NULL,
    payload         BYTEA,
    rejected_at     TIMESTAMPTZ NOT NULL
);
