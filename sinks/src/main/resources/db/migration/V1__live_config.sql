-- Live configuration (docs/decisions/0002-live-config.md): three tables Debezium streams into
-- config.instruments, config.strategies and config.risk_limits. Seed rows = configs/trading.yaml
-- (MigrationsIT compares them value by value).

CREATE TABLE instruments (
    instrument    text          NOT NULL,
    venue         text          NOT NULL,
    taker_fee_bps numeric(10,4) NOT NULL,
    maker_fee_bps numeric(10,4) NOT NULL,
    enabled       boolean       NOT NULL DEFAULT true,
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (instrument, venue)
);

CREATE TABLE strategies (
    strategy     text           NOT NULL,
    instrument   text           NOT NULL,
    min_edge_bps numeric(10,4)  NOT NULL,
    max_qty      numeric(38,18) NOT NULL,
    staleness_ms integer        NOT NULL,
    cooldown_ms  integer        NOT NULL,
    enabled      boolean        NOT NULL DEFAULT true,
    updated_at   timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (strategy, instrument)
);

CREATE TABLE risk_limits (
    scope      text           NOT NULL,
    scope_key  text           NOT NULL,
    metric     text           NOT NULL,
    warn_value numeric(38,18) NOT NULL,
    halt_value numeric(38,18) NOT NULL,
    updated_at timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, scope_key, metric)
);

-- An UPDATE that does not set updated_at still moves it, so a change event always says when.
CREATE FUNCTION deepalpha_touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER instruments_touch BEFORE UPDATE ON instruments
    FOR EACH ROW EXECUTE FUNCTION deepalpha_touch_updated_at();
CREATE TRIGGER strategies_touch BEFORE UPDATE ON strategies
    FOR EACH ROW EXECUTE FUNCTION deepalpha_touch_updated_at();
CREATE TRIGGER risk_limits_touch BEFORE UPDATE ON risk_limits
    FOR EACH ROW EXECUTE FUNCTION deepalpha_touch_updated_at();

INSERT INTO instruments (instrument, venue, taker_fee_bps, maker_fee_bps, enabled) VALUES
    ('BTC-USDT', 'BINANCE',  10.0, 10.0, true),
    ('BTC-USDT', 'OKX',      10.0,  8.0, true),
    ('BTC-USDT', 'BYBIT',    10.0, 10.0, true),
    ('BTC-USDT', 'COINBASE', 60.0, 40.0, true),
    ('BTC-USDT', 'KRAKEN',   40.0, 25.0, true),
    ('ETH-USDT', 'BINANCE',  10.0, 10.0, true),
    ('ETH-USDT', 'OKX',      10.0,  8.0, true),
    ('ETH-USDT', 'BYBIT',    10.0, 10.0, true),
    ('ETH-USDT', 'COINBASE', 60.0, 40.0, true),
    ('ETH-USDT', 'KRAKEN',   40.0, 25.0, true),
    ('BTC-USD',  'COINBASE', 60.0, 40.0, true),
    ('BTC-USD',  'KRAKEN',   40.0, 25.0, true),
    ('ETH-USD',  'COINBASE', 60.0, 40.0, true),
    ('ETH-USD',  'KRAKEN',   40.0, 25.0, true);

INSERT INTO strategies (strategy, instrument, min_edge_bps, max_qty, staleness_ms, cooldown_ms, enabled) VALUES
    ('xarb', 'BTC-USDT', 5.0, 0.05, 500, 1000, true),
    ('xarb', 'ETH-USDT', 5.0, 1.0,  500, 1000, true),
    ('xarb', 'BTC-USD',  5.0, 0.05, 500, 1000, true),
    ('xarb', 'ETH-USD',  5.0, 1.0,  500, 1000, true);

INSERT INTO risk_limits (scope, scope_key, metric, warn_value, halt_value) VALUES
    ('GLOBAL',     '*',        'loss',           500.0,   1000.0),
    ('GLOBAL',     '*',        'exposure',       50000.0, 100000.0),
    ('STRATEGY',   'xarb',     'drawdown',       250.0,   500.0),
    ('INSTRUMENT', 'BTC-USDT', 'volatility_bps', 50.0,    150.0),
    ('INSTRUMENT', 'BTC-USDT', 'position',       0.08,    0.1),
    ('INSTRUMENT', 'ETH-USDT', 'volatility_bps', 60.0,    180.0),
    ('INSTRUMENT', 'ETH-USDT', 'position',       1.6,     2.0);

-- Debezium (pgoutput) needs the old row in UPDATE/DELETE events and a publication to read.
ALTER TABLE instruments REPLICA IDENTITY FULL;
ALTER TABLE strategies  REPLICA IDENTITY FULL;
ALTER TABLE risk_limits REPLICA IDENTITY FULL;

CREATE PUBLICATION deepalpha_config FOR TABLE instruments, strategies, risk_limits;
