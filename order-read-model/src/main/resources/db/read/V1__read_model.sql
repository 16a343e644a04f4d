-- The read model: one denormalized row per order, kept by the projector, read by the query app.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE order_read_models (
    id               BIGINT PRIMARY KEY,
    user_id          BIGINT         NOT NULL,
    total_amount     NUMERIC(18, 2) NOT NULL,
    status           TEXT           NOT NULL,
    created_at       TIMESTAMPTZ    NOT NULL,
    updated_at       TIMESTAMPTZ    NOT NULL,
    shipping_address TEXT           NOT NULL,
    notes            TEXT,
    user_username    TEXT,          -- null until the user is known (user-events may arrive later)
    user_email       TEXT,
    items_count      INT            NOT NULL,
    is_deleted       BOOLEAN        NOT NULL DEFAULT FALSE,
    version          BIGINT         NOT NULL -- the last applied order version
);

-- One index per access path of the query API. Lists show active orders only, so most are partial.
-- GET /orders walks the primary key backwards; deleted orders are few and filtered.
CREATE INDEX order_read_models_user ON order_read_models (user_id, id DESC);
CREATE INDEX order_read_models_status ON order_read_models (status, id DESC) WHERE NOT is_deleted;
CREATE INDEX order_read_models_created ON order_read_models (created_at DESC, id DESC) WHERE NOT is_deleted;
CREATE INDEX order_read_models_amount ON order_read_models (total_amount, id) WHERE NOT is_deleted;
CREATE INDEX order_read_models_username ON order_read_models USING gin (user_username gin_trgm_ops)
    WHERE NOT is_deleted;

-- Users as the user service describes them; occurred_at of the last applied event orders their updates.
CREATE TABLE user_directory (
    user_id     BIGINT PRIMARY KEY,
    username    TEXT        NOT NULL,
    email       TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    event_id    UUID        NOT NULL
);

-- Counts and sums per status over orders not deleted, kept in step by the projector in the same
-- transaction as the rows, so GET /orders/statistics never re-aggregates the table.
CREATE TABLE order_statistics (
    status       TEXT PRIMARY KEY,
    order_count  BIGINT         NOT NULL,
    total_amount NUMERIC(24, 2) NOT NULL
);
INSERT INTO order_statistics (status, order_count, total_amount)
VALUES ('PENDING', 0, 0), ('CONFIRMED', 0, 0), ('PROCESSING', 0, 0), ('SHIPPED', 0, 0), ('DELIVERED', 0, 0),
       ('CANCELLED', 0, 0);

-- Where each consumer group stands, committed in the same transaction as the rows it produced.
CREATE TABLE projector_offsets (
    consumer_group  TEXT   NOT NULL,
    topic           TEXT   NOT NULL,
    kafka_partition INT    NOT NULL,
    next_offset     BIGINT NOT NULL,
    PRIMARY KEY (consumer_group, topic, kafka_partition)
);
