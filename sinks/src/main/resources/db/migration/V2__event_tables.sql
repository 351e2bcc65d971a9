-- What the jobs and the executor produce. Fixed-point wire values are stored as exact `numeric`
-- (mantissa / 10^scale, converted with BigDecimal.valueOf(mantissa, scale), never through double).
-- Times are timestamptz (microseconds, what PostgreSQL keeps); nanosecond receive times are kept
-- as bigint beside them for latency lineage.
--
-- Primary keys are the natural keys of the events, so the sinks' INSERT ... ON CONFLICT makes a
-- replay write the same rows. Tables whose natural key contains a time are range-partitioned by
-- month on it (PostgreSQL requires the partition column in every unique key); signals, orders and
-- fills are keyed by ids without a time and stay plain tables (see sinks/README.md).

CREATE TABLE signals (
    signal_id             text             NOT NULL PRIMARY KEY,
    instrument            text             NOT NULL,
    event_time            timestamptz      NOT NULL,
    buy_venue             text             NOT NULL,
    sell_venue            text             NOT NULL,
    buy_price             numeric          NOT NULL,
    sell_price            numeric          NOT NULL,
    qty                   numeric          NOT NULL,
    gross_bps             double precision NOT NULL,
    net_bps               double precision NOT NULL,
    buy_quote_time        timestamptz      NOT NULL,
    sell_quote_time       timestamptz      NOT NULL,
    buy_quote_receive_ns  bigint           NOT NULL,
    sell_quote_receive_ns bigint           NOT NULL,
    config_version        bigint           NOT NULL
);
CREATE INDEX signals_instrument_time ON signals (instrument, event_time);

CREATE TABLE orders (
    client_order_id text        NOT NULL,
    revision        integer     NOT NULL,
    signal_id       text        NOT NULL,
    instrument      text        NOT NULL,
    venue           text        NOT NULL,
    venue_symbol    text        NOT NULL,
    side            text        NOT NULL,
    order_type      text        NOT NULL,
    time_in_force   text        NOT NULL,
    price           numeric     NOT NULL,
    qty             numeric     NOT NULL,
    filled_qty      numeric     NOT NULL,
    avg_fill_price  numeric     NOT NULL,
    status          text        NOT NULL,
    reason          text,
    venue_order_id  text,
    mode            text        NOT NULL,
    signal_time     timestamptz NOT NULL,
    event_time      timestamptz NOT NULL,
    event_time_ns   bigint      NOT NULL,
    PRIMARY KEY (client_order_id, revision)
);
CREATE INDEX orders_signal ON orders (signal_id);
CREATE INDEX orders_instrument_time ON orders (instrument, event_time);

CREATE TABLE fills (
    venue           text        NOT NULL,
    fill_id         text        NOT NULL,
    client_order_id text        NOT NULL,
    signal_id       text        NOT NULL,
    instrument      text        NOT NULL,
    side            text        NOT NULL,
    price           numeric     NOT NULL,
    qty             numeric     NOT NULL,
    fee             numeric     NOT NULL,
    fee_asset       text        NOT NULL,
    liquidity       text        NOT NULL,
    mode            text        NOT NULL,
    exchange_time   timestamptz NOT NULL,
    receive_time_ns bigint      NOT NULL,
    PRIMARY KEY (venue, fill_id)
);
CREATE INDEX fills_order ON fills (client_order_id);
CREATE INDEX fills_instrument_time ON fills (instrument, exchange_time);

CREATE TABLE risk_events (
    scope          text             NOT NULL,
    scope_key      text             NOT NULL,
    event_time     timestamptz      NOT NULL,
    level          text             NOT NULL,
    previous_level text             NOT NULL,
    reason         text             NOT NULL,
    metric         text             NOT NULL,
    value          double precision NOT NULL,
    limit_value    double precision NOT NULL,
    config_version bigint           NOT NULL,
    PRIMARY KEY (scope, scope_key, event_time, level)
) PARTITION BY RANGE (event_time);

CREATE TABLE spread_stats (
    instrument         text             NOT NULL,
    buy_venue          text             NOT NULL,
    sell_venue         text             NOT NULL,
    interval_start     timestamptz      NOT NULL,
    interval_end       timestamptz      NOT NULL,
    min_net_bps        double precision NOT NULL,
    max_net_bps        double precision NOT NULL,
    last_net_bps       double precision NOT NULL,
    ms_above_threshold bigint           NOT NULL,
    samples            bigint           NOT NULL,
    PRIMARY KEY (instrument, buy_venue, sell_venue, interval_start)
) PARTITION BY RANGE (interval_start);

CREATE TABLE late_events (
    source          text        NOT NULL,
    key             text        NOT NULL,
    event_time      timestamptz NOT NULL,
    receive_time    timestamptz NOT NULL,
    watermark       timestamptz NOT NULL,
    receive_time_ns bigint      NOT NULL,
    payload         jsonb       NOT NULL,
    PRIMARY KEY (source, key, event_time, receive_time)
) PARTITION BY RANGE (event_time);
