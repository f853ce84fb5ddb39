-- Catalog side of sync-service (issue 4 part B): what catalog.changes records leave behind.
-- Every row remembers the change that last won (source_time, change_id): last-writer-wins on the source's time,
-- ties broken by the larger change_id, so replays, redeliveries and out-of-order arrivals converge on one state.

-- Availability (86'd or not) of one item on one platform.
CREATE TABLE menu_item (
    tenant                   text        NOT NULL,
    provider                 text        NOT NULL,
    external_id              text        NOT NULL,
    connection_id            text        NOT NULL,
    name                     text,
    is_available             boolean     NOT NULL,
    previous_available       boolean,               -- value before the winning change; null when it created the row
    status                   text,                  -- provider's status word (OUT_OF_STOCK, LOW_QUANTITY, ...)
    availability_updated_at  timestamptz NOT NULL,  -- source time of the change that last flipped is_available
    source_time              timestamptz NOT NULL,  -- source time of the winning change
    change_id                text        NOT NULL,  -- the winning change
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, provider, external_id)
);
CREATE INDEX menu_item_tenant_available ON menu_item (tenant, is_available, provider, external_id);

-- Inventory level of one item (variant, location) on one platform.
CREATE TABLE inventory_level (
    tenant               text          NOT NULL,
    provider             text          NOT NULL,
    item_id              text          NOT NULL,
    variant_id           text          NOT NULL DEFAULT '',  -- '' when the platform names none
    location_id          text          NOT NULL DEFAULT '',
    connection_id        text          NOT NULL,
    quantity             numeric(19,4) NOT NULL,
    previous_quantity    numeric(19,4),
    state                text,
    low_stock_threshold  numeric(19,4),                      -- per item; null = tillsync.sync.catalog.low-stock-threshold
    source_time          timestamptz   NOT NULL,
    change_id            text          NOT NULL,
    updated_at           timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, provider, item_id, variant_id, location_id)
);

-- Products keyed by (tenant, source system, source id); deletes are soft (deleted_at).
CREATE TABLE product (
    id             uuid          PRIMARY KEY,            -- Tillsync's id: name-based UUID of the natural key
    tenant         text          NOT NULL,
    source_system  text          NOT NULL,               -- provider the product lives on
    source_id      text          NOT NULL,
    connection_id  text          NOT NULL,
    title          text,
    status         text,
    hidden         boolean       NOT NULL DEFAULT false,
    extras         jsonb         NOT NULL DEFAULT '{}'::jsonb,
    deleted_at     timestamptz,
    delete_reason  text,
    was_live       boolean       NOT NULL DEFAULT false, -- existed undeleted before the winning change (created vs updated)
    source_time    timestamptz   NOT NULL,
    change_id      text          NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now(),
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (tenant, source_system, source_id)
);

-- Variants keyed by (tenant, source system, source id, variant id); prices are decimals, never floats.
CREATE TABLE product_variant (
    tenant         text          NOT NULL,
    source_system  text          NOT NULL,
    source_id      text          NOT NULL,
    variant_id     text          NOT NULL,
    product_id     uuid          NOT NULL REFERENCES product (id),
    title          text,
    sku            text,
    price          numeric(19,4),
    cost           numeric(19,4),
    currency       text,
    deleted_at     timestamptz,
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, source_system, source_id, variant_id)
);
CREATE INDEX product_variant_sku ON product_variant (tenant, sku) WHERE sku IS NOT NULL AND deleted_at IS NULL;
