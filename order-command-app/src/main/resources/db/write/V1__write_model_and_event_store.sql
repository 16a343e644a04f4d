-- The write model: current state of every order, kept in step with the event store in one transaction.
CREATE SEQUENCE orders_id_seq AS BIGINT;

CREATE TABLE orders (
    id               BIGINT PRIMARY KEY,
    user_id          BIGINT        NOT NULL,
    total_amount     NUMERIC(18, 2) NOT NULL CHECK (total_amount >= 0),
    status           TEXT          NOT NULL
        CHECK (status IN ('PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL,
    shipping_address TEXT          NOT NULL,
    notes            TEXT,
    version          BIGINT        NOT NULL CHECK (version >= 1),
    deleted_at       TIMESTAMPTZ   -- soft delete: the order keeps its history and leaves the lists
);

CREATE TABLE order_items (
    order_id   BIGINT         NOT NULL REFERENCES orders (id),
    line       INT            NOT NULL CHECK (line >= 1),
    product_id TEXT           NOT NULL,
    quantity   INT            NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line)
);

-- The event store, which is also the outbox: rows are appended in the command's transaction and the relay
-- publishes those with published_at IS NULL, oldest position first.
CREATE TABLE order_events (
    position       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       UUID        NOT NULL UNIQUE,
    order_id       BIGINT      NOT NULL,
    version        BIGINT      NOT NULL CHECK (version >= 1),
    type           TEXT        NOT NULL,
    schema_version INT         NOT NULL,
    payload        JSONB       NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ,
    UNIQUE (order_id, version)
);

CREATE INDEX order_events_unpublished ON order_events (position) WHERE published_at IS NULL;

-- POST /orders retried with the same Idempotency-Key returns the first response.
CREATE TABLE idempotency_keys (
    key           TEXT PRIMARY KEY,
    request_hash  TEXT        NOT NULL,
    order_id      BIGINT,
    response_body TEXT,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
