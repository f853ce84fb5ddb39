-- The newest version of each POS sale (order) published as a sale.* event, and the refunds published as
-- sale.refunded: an event is published only when its row is inserted or its version raised, so a duplicate or an
-- older version of an order publishes nothing.
CREATE TABLE sale (
    tenant          text        NOT NULL,
    provider        text        NOT NULL,
    sale_id         text        NOT NULL,
    connection_id   text        NOT NULL,
    version         bigint      NOT NULL,
    status          text        NOT NULL,
    previous_status text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, provider, sale_id)
);

CREATE TABLE sale_refund (
    tenant      text        NOT NULL,
    provider    text        NOT NULL,
    refund_id   text        NOT NULL,
    sale_id     text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, provider, refund_id)
);
