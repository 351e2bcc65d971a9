#!/usr/bin/python3
"""Writes a short, realistic demo dataset into InfluxDB, shaped exactly like the pipeline's sinks.

Why: the notebooks must be runnable (and testable) before, and independently of, a full pipeline
run. The points written here have the measurements, tags, field names and field types of the
sinks' point mappers (sinks/src/main/java/io/deepalpha/sinks/influx/point/), so a notebook that
works on this data works unchanged on a real run:

  quotes         tags instrument, venue; floats bid ask bid_size ask_size mid spread_bps;
                 integer ingest_latency_us. Last quote per venue+instrument per 1 s, at the
                 interval start.
  spreads        tags instrument, pair (BUY>SELL), buy_venue, sell_venue; floats min_net_bps
                 max_net_bps last_net_bps; integers ms_above_threshold samples. Per 1 s interval.
  opportunities  tags instrument, pair, buy_venue, sell_venue; floats gross_bps net_bps buy_price
                 sell_price qty; integers quote_age_us buy_ingest_latency_us
                 sell_ingest_latency_us config_version; string signal_id. At the signal's event time.
  order_latency  tags instrument, mode, status, venue; integers signal_to_status_us revision;
                 string client_order_id. At the status time.
  risk_metrics   tags scope, scope_key, venue (absent when none); one float field per metric
                 (volatility_bps, spread_bps, position, exposure, drawdown, loss; per venue
                 window the market statistics quotes, trades, volume, vwap, spread_bps_min,
                 spread_bps_p50, spread_bps_p90, spread_bps_max). At window end.
  risk_state     tags metric, scope, scope_key; integer level_code; strings level previous_level
                 reason; floats value limit. At the transition.

The market is simulated: a random-walk mid per instrument, per-venue basis that mean-reverts plus
occasional dislocations, venue half-spreads, per-venue ingest latency (Binance as a bookTicker feed:
no event time, so its ingest latency is 0; ingest's default Binance source, the depth book, has one). SpreadJob's rule (net = gross - taker fees,
threshold min_edge_bps, cooldown, staleness), the paper executor (PENDING, then FILLED or EXPIRED;
REJECTED under a HALT; a signal that reaches it after STALE_SIGNAL_WALL_MS refused as EXPIRED, as
on a loaded machine: --executor-lag-ms) and RiskJob's metrics and level transitions (limits of configs/trading.yaml)
are applied to it. Several sessions (demo runs) are written, one per hour, ending now, so that the
"by hour" views have more than one hour. Same --seed, same values (timestamps move with --end).

Connection: the INFLUX_* environment or the local stack's defaults (see deepalpha_influx.py).
The database is --database (default deepalpha_demo), never INFLUX_DATABASE: simulated points must
not land in a real run's database by accident.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deepalpha_influx as dai  # noqa: E402
import deepalpha_trading as trading  # noqa: E402

TICK_US = 100_000  # the simulation steps the market every 100 ms
INTERVAL_US = 1_000_000  # SpreadJob statistics interval and the quote sample interval
RISK_SLIDE_US = 5_000_000  # RiskJob window slide
RISK_WINDOW_US = 60_000_000  # RiskJob window size
STALENESS_US = 500_000
COOLDOWN_US = 1_000_000
PAPER_LATENCY_US = 5_000
# The executor's STALE_SIGNAL_WALL_MS default: a signal older than this when the executor reads it
# is refused with one EXPIRED record of its buy leg (revision 0) and no order goes to a venue.
STALE_SIGNAL_WALL_US = 2_000_000
STRATEGY = "xarb"

START_PRICE = {"BTC-USDT": 97_250.0, "ETH-USDT": 3_410.0, "BTC-USD": 97_240.0, "ETH-USD": 3_409.0}
TICK_SIZE = {"BTC": 0.01, "ETH": 0.01}
TYPICAL_SIZE = {"BTC": 0.6, "ETH": 12.0}
SIZE_DECIMALS = {"BTC": 5, "ETH": 4}
HALF_SPREAD_BPS = {"BINANCE": 0.2, "OKX": 0.3, "BYBIT": 0.3, "COINBASE": 1.5, "KRAKEN": 1.0}
# Median ingest latency (venue event -> ingest receive), ms; Binance seeded as a bookTicker feed,
# which carries no event time: ingest stamps its receive time as event time and the latency is 0.
INGEST_LATENCY_MS = {"BINANCE": 0.0, "OKX": 11.0, "BYBIT": 8.0, "COINBASE": 24.0, "KRAKEN": 33.0}


def escape_tag(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(" ", "\\ ").replace("=", "\\=")


def line(measurement: str, tags: dict, fields: dict, time_us: int) -> str:
    """Line protocol as the sinks' PointBuffer writes it: floats with a point, integers with i."""
    tag_text = "".join(f",{k}={escape_tag(v)}" for k, v in sorted(tags.items()) if v)
    parts = []
    for key, value in fields.items():
        if isinstance(value, bool):
            raise TypeError(key)
        if isinstance(value, int):
            parts.append(f"{key}={value}i")
        elif isinstance(value, float):
            if math.isfinite(value):
                parts.append(f"{key}={value!r}")
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'{key}="{text}"')
    return f"{measurement}{tag_text} {','.join(parts)} {time_us}"


def name_uuid(name: str) -> str:
    """Java's UUID.nameUUIDFromBytes (MD5, version 3), which SpreadJob's SignalIds uses."""
    digest = bytearray(hashlib.md5(name.encode("utf-8")).digest())
    digest[6] = (digest[6] & 0x0F) | 0x30
    digest[8] = (digest[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(digest)))


@dataclass
class Quote:
    venue: str
    bid: float
    ask: float
    bid_size: float
    ask_size: float
    exchange_us: int
    receive_us: int
    sequence: int


@dataclass
class PairState:
    open: bool = False
    last_signal_us: int = -(10**18)
    stat: dict | None = None
    last_eval_us: int = 0
    last_above: bool = False


@dataclass
class Position:
    qty: float = 0.0
    avg_price: float = 0.0

    def apply(self, side_qty: float, price: float) -> float:
        """Adds a signed fill; returns the realized PnL of the part that reduced the position."""
        if self.qty == 0 or (self.qty > 0) == (side_qty > 0):
            total = self.qty + side_qty
            self.avg_price = (self.avg_price * self.qty + price * side_qty) / total
            self.qty = total
            return 0.0
        closed = min(abs(side_qty), abs(self.qty))
        realized = closed * (price - self.avg_price) * (1 if self.qty > 0 else -1)
        self.qty += side_qty
        if abs(self.qty) < 1e-12:
            self.qty, self.avg_price = 0.0, 0.0
        elif (self.qty > 0) == (side_qty > 0):
            self.avg_price = price
        return realized


@dataclass
class Session:
    """One demo run: market, SpreadJob, executor and RiskJob over `seconds` of event time."""

    start_us: int
    seconds: int
    instruments: list
    venues: list
    config: dict
    rng: np.random.Generator
    burst: float  # volatility multiplier during the session's burst
    executor_lag_ms: float = 0.0  # extra median delay before the executor reads a signal (load)
    out: list = field(default_factory=list)

    def __post_init__(self):
        self.fees = {(r["instrument"], r["venue"]): float(r["taker_fee_bps"]) for r in self.config["instruments"]}
        self.strategy = {r["instrument"]: r for r in self.config["strategies"]}
        self.limits = trading.risk_limits(self.config)
        self.mid = {i: START_PRICE.get(i, 100.0) * (1 + self.rng.normal(0, 0.002)) for i in self.instruments}
        self.basis = {(i, v): self.rng.normal(0, 2.0) for i in self.instruments for v in self.venues}
        self.dislocation = {(i, v): 0.0 for i in self.instruments for v in self.venues}
        self.book = {i: {} for i in self.instruments}
        self.sequence = 0
        self.pairs = {
            i: {(a, b): PairState() for a in self.venues for b in self.venues if a != b and (i, a) in self.fees and (i, b) in self.fees}
            for i in self.instruments
        }
        self.sampled = {}
        self.positions = {}
        self.realized = 0.0
        self.peak = 0.0
        self.levels = {}
        self.halted = set()
        self.mid_history = {(i, v): [] for i in self.instruments for v in self.venues}
        self.spread_history = {(i, v): [] for i in self.instruments for v in self.venues}
        self.signals = 0
        # Trades of the market statistics: their own generator, so the market, signals and orders
        # stay the values of the same --seed with or without them.
        self.trade_rng = np.random.default_rng(self.start_us)

    # -- market ----------------------------------------------------------------------------------

    def sigma_bps(self, t_us: int) -> float:
        """Per-tick volatility of the mid; a burst in the middle third of the session."""
        elapsed = (t_us - self.start_us) / 1e6
        in_burst = self.seconds / 3 <= elapsed < self.seconds / 3 + 40
        return 0.35 * (self.burst if in_burst else 1.0)

    def step_market(self, t_us: int) -> list:
        dt = TICK_US / 1e6
        quotes = []
        for inst in self.instruments:
            self.mid[inst] *= math.exp(self.rng.normal(0, self.sigma_bps(t_us)) / 1e4)
            base = inst.split("-")[0]
            for venue in self.venues:
                if (inst, venue) not in self.fees:
                    continue
                key = (inst, venue)
                self.basis[key] += -0.5 * self.basis[key] * dt + self.rng.normal(0, 1.2 * math.sqrt(dt))
                self.dislocation[key] *= math.exp(-0.8 * dt)
                if self.rng.random() < dt / 25:
                    self.dislocation[key] = self.rng.choice([-1, 1]) * self.rng.uniform(22, 48)
                if self.rng.random() > 0.7:
                    continue  # no update from this venue in this tick
                fair = self.mid[inst] * (1 + (self.basis[key] + self.dislocation[key]) / 1e4)
                half = HALF_SPREAD_BPS[venue] * (0.6 + self.rng.random()) / 1e4 * fair
                tick = TICK_SIZE.get(base, 0.01)
                bid = math.floor((fair - half) / tick) * tick
                ask = max(bid + tick, math.ceil((fair + half) / tick) * tick)
                exchange_us = t_us + int(self.rng.integers(0, TICK_US))
                latency_ms = INGEST_LATENCY_MS[venue]
                latency_us = 0 if latency_ms == 0 else int(self.rng.lognormal(math.log(latency_ms * 1000), 0.35))
                if latency_ms == 0:
                    exchange_us_seen = exchange_us  # event time = receive time for Binance
                else:
                    exchange_us_seen = exchange_us - latency_us
                self.sequence += 1
                size = TYPICAL_SIZE.get(base, 1.0)
                dec = SIZE_DECIMALS.get(base, 4)
                quotes.append(
                    (
                        inst,
                        Quote(
                            venue,
                            round(bid, 2),
                            round(ask, 2),
                            round(float(self.rng.lognormal(math.log(size), 0.6)), dec),
                            round(float(self.rng.lognormal(math.log(size), 0.6)), dec),
                            exchange_us_seen,
                            exchange_us,
                            self.sequence,
                        ),
                    )
                )
        quotes.sort(key=lambda iq: (iq[1].exchange_us, iq[1].venue, iq[1].sequence))
        return quotes

    # -- sinks: quotes ---------------------------------------------------------------------------

    def sample_quote(self, inst: str, q: Quote) -> None:
        bucket = q.exchange_us // INTERVAL_US * INTERVAL_US
        key = (inst, q.venue)
        pending = self.sampled.get(key)
        if pending and bucket > pending[0]:
            self.write_quote(inst, pending[1], pending[0])
        if not pending or bucket >= pending[0]:
            self.sampled[key] = (bucket, q)

    def write_quote(self, inst: str, q: Quote, time_us: int) -> None:
        mid = (q.bid + q.ask) / 2
        self.out.append(
            line(
                "quotes",
                {"instrument": inst, "venue": q.venue},
                {
                    "bid": float(q.bid),
                    "ask": float(q.ask),
                    "bid_size": float(q.bid_size),
                    "ask_size": float(q.ask_size),
                    "mid": mid,
                    "spread_bps": (q.ask - q.bid) / mid * 10_000,
                    "ingest_latency_us": q.receive_us - q.exchange_us,
                },
                time_us,
            )
        )

    # -- SpreadJob -------------------------------------------------------------------------------

    def on_quote(self, inst: str, q: Quote) -> None:
        self.book[inst][q.venue] = q
        self.sample_quote(inst, q)
        self.mid_history[(inst, q.venue)].append((q.exchange_us, (q.bid + q.ask) / 2))
        self.spread_history[(inst, q.venue)].append((q.exchange_us, (q.ask - q.bid) / ((q.ask + q.bid) / 2) * 1e4))
        t = q.exchange_us
        threshold = float(self.strategy[inst]["min_edge_bps"])
        for (a, b), state in self.pairs[inst].items():
            qa, qb = self.book[inst].get(a), self.book[inst].get(b)
            fresh = qa and qb and t - qa.exchange_us <= STALENESS_US and t - qb.exchange_us <= STALENESS_US
            if not fresh:
                state.open = False
                continue
            gross = (qb.bid - qa.ask) / qa.ask * 10_000
            net = gross - self.fees[(inst, a)] - self.fees[(inst, b)]
            above = net >= threshold
            self.observe_stat(inst, a, b, state, t, net, above)
            if above and (not state.open or t - state.last_signal_us >= COOLDOWN_US):
                self.signal(inst, a, b, qa, qb, q, t, gross, net)
                state.last_signal_us = t
            state.open = above

    def observe_stat(self, inst, a, b, state: PairState, t: int, net: float, above: bool) -> None:
        start = t // INTERVAL_US * INTERVAL_US
        if state.stat is not None and start != state.stat["start"]:
            self.close_stat(inst, a, b, state)
        if state.stat is None:
            state.stat = {"start": start, "min": net, "max": net, "last": net, "above_us": 0, "samples": 0}
            state.last_eval_us = t
            state.last_above = above
        s = state.stat
        if state.last_above:
            s["above_us"] += t - state.last_eval_us
        s["min"], s["max"], s["last"] = min(s["min"], net), max(s["max"], net), net
        s["samples"] += 1
        state.last_eval_us, state.last_above = t, above

    def close_stat(self, inst, a, b, state: PairState) -> None:
        s = state.stat
        end = s["start"] + INTERVAL_US
        if state.last_above:
            s["above_us"] += end - state.last_eval_us
        self.out.append(
            line(
                "spreads",
                {"instrument": inst, "pair": f"{a}>{b}", "buy_venue": a, "sell_venue": b},
                {
                    "min_net_bps": float(s["min"]),
                    "max_net_bps": float(s["max"]),
                    "last_net_bps": float(s["last"]),
                    "ms_above_threshold": int(s["above_us"] // 1000),
                    "samples": int(s["samples"]),
                },
                s["start"],
            )
        )
        state.stat = None

    def signal(self, inst, a, b, qa: Quote, qb: Quote, trigger: Quote, t, gross, net) -> None:
        base = inst.split("-")[0]
        qty = round(min(qa.ask_size, qb.bid_size, float(self.strategy[inst]["max_qty"])), SIZE_DECIMALS.get(base, 4))
        signal_id = name_uuid(f"{inst}|{a}|{b}|{trigger.venue}|1|{trigger.sequence}|{trigger.exchange_us}|1")
        self.signals += 1
        self.out.append(
            line(
                "opportunities",
                {"instrument": inst, "pair": f"{a}>{b}", "buy_venue": a, "sell_venue": b},
                {
                    "gross_bps": float(gross),
                    "net_bps": float(net),
                    "buy_price": float(qa.ask),
                    "sell_price": float(qb.bid),
                    "qty": float(qty),
                    "quote_age_us": t - min(qa.exchange_us, qb.exchange_us),
                    "buy_ingest_latency_us": qa.receive_us - qa.exchange_us,
                    "sell_ingest_latency_us": qb.receive_us - qb.exchange_us,
                    "config_version": 1,
                    "signal_id": signal_id,
                },
                t,
            )
        )
        self.execute(inst, a, b, qa, qb, trigger, t, qty, signal_id)

    # -- executor (paper) ------------------------------------------------------------------------

    def order(self, inst, venue, status, client_order_id, revision, signal_us, status_us) -> None:
        status_us = status_us // 1000 * 1000  # the executor stamps statuses in wall-clock ms
        self.out.append(
            line(
                "order_latency",
                {"instrument": inst, "mode": "PAPER", "status": status, "venue": venue},
                {"signal_to_status_us": status_us - signal_us, "revision": revision, "client_order_id": client_order_id},
                status_us,
            )
        )

    def execute(self, inst, a, b, qa: Quote, qb: Quote, trigger: Quote, t, qty, signal_id) -> None:
        # Ingest -> Kafka -> SpreadJob -> Kafka -> executor, after the trigger quote's receive time.
        pipeline_us = int(self.rng.lognormal(math.log(3_500), 0.45))
        if self.executor_lag_ms > 0:
            pipeline_us += int(self.rng.lognormal(math.log(self.executor_lag_ms * 1_000), 0.3))
        decided = trigger.receive_us + pipeline_us
        buy_id, sell_id = dai.client_order_id(signal_id, "b"), dai.client_order_id(signal_id, "s")
        if self.halted & {("GLOBAL", "*"), ("INSTRUMENT", inst), ("STRATEGY", STRATEGY)}:
            self.order(inst, a, "REJECTED", buy_id, 0, t, decided)
            return
        if decided - trigger.receive_us > STALE_SIGNAL_WALL_US:
            self.order(inst, a, "EXPIRED", buy_id, 0, t, decided)
            return
        self.order(inst, a, "PENDING", buy_id, 0, t, decided)
        self.order(inst, b, "PENDING", sell_id, 0, t, decided + 40)
        filled = {}
        for leg_id, venue, side, price in ((buy_id, a, 1, qa.ask), (sell_id, b, -1, qb.bid)):
            answered = decided + PAPER_LATENCY_US + int(self.rng.integers(200, 1_500))
            ok = self.rng.random() < 0.88
            self.order(inst, venue, "FILLED" if ok else "EXPIRED", leg_id, 1, t, answered)
            if ok:
                filled[venue] = (side, price, answered)
                self.fill(inst, venue, side * qty, price, answered)
        if len(filled) == 1:
            venue, (side, price, answered) = next(iter(filled.items()))
            unwind_id = dai.client_order_id(signal_id, "u")
            self.order(inst, venue, "PENDING", unwind_id, 0, t, answered + 300)
            done = answered + 300 + PAPER_LATENCY_US + int(self.rng.integers(200, 1_500))
            self.order(inst, venue, "FILLED", unwind_id, 1, t, done)
            unwind_price = price * (1 - side * 2e-4)  # gives up a couple of bps to get flat
            self.fill(inst, venue, -side * qty, unwind_price, done)

    def fill(self, inst, venue, signed_qty, price, t_us) -> None:
        fee = abs(signed_qty) * price * self.fees[(inst, venue)] / 1e4
        self.realized += self.positions.setdefault((inst, venue), Position()).apply(signed_qty, price) - fee
        self.emit_positions(inst, t_us)

    # -- RiskJob ---------------------------------------------------------------------------------

    def metric(self, scope, scope_key, source, name, value, t_us) -> None:
        tags = {"scope": scope, "scope_key": scope_key, "venue": None if source == "*" else source}
        self.out.append(line("risk_metrics", tags, {name: float(value)}, t_us))
        self.check_limit(scope, scope_key, source, name, value, t_us)

    def emit_positions(self, inst, t_us) -> None:
        unrealized, exposure, inst_position, per_venue = 0.0, 0.0, 0.0, {}
        for (i, venue), p in self.positions.items():
            mark = self.mid[i]
            unrealized += p.qty * (mark - p.avg_price)
            notional = abs(p.qty * mark)
            exposure += notional
            per_venue[venue] = per_venue.get(venue, 0.0) + notional
            if i == inst:
                inst_position += p.qty
        total = self.realized + unrealized
        self.peak = max(self.peak, total)
        self.metric("INSTRUMENT", inst, "*", "position", abs(inst_position), t_us)
        for venue, value in per_venue.items():
            self.metric("VENUE", venue, STRATEGY, "exposure", value, t_us)
        self.metric("STRATEGY", STRATEGY, "*", "drawdown", self.peak - total, t_us)
        self.metric("GLOBAL", "*", STRATEGY, "loss", max(0.0, -total), t_us)
        self.metric("GLOBAL", "*", STRATEGY, "exposure", exposure, t_us)

    def market_stats(self, inst, venue, mids, spreads, window_end_us) -> None:
        """RiskJob's market statistics of one venue window (jobs MarketStatRows): counts always,
        volume and VWAP when the window holds trades, the quoted spread's spread when it holds quotes."""
        tags = {"scope": "INSTRUMENT", "scope_key": inst, "venue": venue}
        trades = int(self.trade_rng.poisson(2.0 * RISK_WINDOW_US / 1e6))
        stats = {"quotes": float(len(mids)), "trades": float(trades)}
        if trades:
            sizes = self.trade_rng.exponential(TYPICAL_SIZE.get(inst.split("-")[0], 1.0) / 20, trades)
            prices = self.trade_rng.choice(mids, trades) if mids else np.full(trades, self.mid[inst])
            stats["volume"] = float(sizes.sum())
            stats["vwap"] = float((sizes * prices).sum() / sizes.sum())
        if spreads:
            stats.update({
                "spread_bps_min": float(np.min(spreads)),
                "spread_bps_p50": float(np.median(spreads)),
                "spread_bps_p90": float(np.quantile(spreads, 0.9)),
                "spread_bps_max": float(np.max(spreads)),
            })
        for name, value in stats.items():
            self.out.append(line("risk_metrics", tags, {name: value}, window_end_us))

    def emit_window(self, window_end_us: int) -> None:
        for (inst, venue), history in self.mid_history.items():
            start = window_end_us - RISK_WINDOW_US
            mids = [m for ts, m in history if start <= ts < window_end_us]
            spreads = [s for ts, s in self.spread_history[(inst, venue)] if start <= ts < window_end_us]
            self.market_stats(inst, venue, mids, spreads, window_end_us)
            if len(mids) < 2:
                continue
            returns = np.diff(np.log(mids))
            self.metric("INSTRUMENT", inst, venue, "volatility_bps", float(np.sqrt((returns**2).sum()) * 1e4), window_end_us)
            self.metric("INSTRUMENT", inst, venue, "spread_bps", float(np.median(spreads)), window_end_us)
        for key in self.mid_history:
            self.mid_history[key] = [(ts, m) for ts, m in self.mid_history[key] if ts >= window_end_us - RISK_WINDOW_US]
            self.spread_history[key] = [
                (ts, s) for ts, s in self.spread_history[key] if ts >= window_end_us - RISK_WINDOW_US
            ]

    def check_limit(self, scope, scope_key, source, metric, value, t_us) -> None:
        """RiskLimitFunction: a level per metric and source; the scope's level is the worst one,
        and a transition is written only when that level changes."""
        limits = self.limits[
            (self.limits.scope == scope) & (self.limits.scope_key == scope_key) & (self.limits.metric == metric)
        ]
        if limits.empty:
            return
        warn, halt = float(limits.warn_value.iloc[0]), float(limits.halt_value.iloc[0])
        level = 2 if value >= halt else 1 if value >= warn else 0
        per_metric = self.levels.setdefault((scope, scope_key), {})
        previous = max(per_metric.values(), default=0)
        per_metric[(metric, source)] = level
        current = max(per_metric.values())
        if current == previous:
            return
        names = ["OK", "WARN", "HALT"]
        limit = halt if current == 2 else warn
        if current == 0:
            reason = f"{metric} {value:.2f} < warn {warn:g}"
        else:
            reason = f"{metric} {value:.2f} >= {names[current].lower()} {limit:g}"
        if current == 2:
            self.halted.add((scope, scope_key))
        else:
            self.halted.discard((scope, scope_key))
        self.out.append(
            line(
                "risk_state",
                {"metric": metric, "scope": scope, "scope_key": scope_key},
                {
                    "level_code": current,
                    "level": names[current],
                    "previous_level": names[previous],
                    "reason": reason,
                    "value": float(value),
                    "limit": float(limit),
                },
                t_us,
            )
        )

    # -- run -------------------------------------------------------------------------------------

    def run(self) -> list:
        end = self.start_us + self.seconds * 1_000_000
        next_window = self.start_us + RISK_SLIDE_US
        for t in range(self.start_us, end, TICK_US):
            for inst, q in self.step_market(t):
                self.on_quote(inst, q)
            if t + TICK_US >= next_window:
                self.emit_window(next_window)
                next_window += RISK_SLIDE_US
        for inst, pairs in self.pairs.items():
            for (a, b), state in pairs.items():
                if state.stat is not None:
                    self.close_stat(inst, a, b, state)
        for (inst, _venue), (bucket, q) in self.sampled.items():
            self.write_quote(inst, q, bucket)
        return self.out


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Write a realistic demo dataset (the sinks' InfluxDB measurements) into InfluxDB.",
        epilog="Connection: INFLUX_URL, INFLUX_DATABASE, INFLUX_USER, INFLUX_PASSWORD(_FILE), else the "
        "local stack ($DEEPALPHA_HOME/stack/endpoints.env), else http://127.0.0.1:8086 db deepalpha.",
    )
    parser.add_argument("--database", default="deepalpha_demo", help="database to write (default deepalpha_demo)")
    parser.add_argument("--create", action="store_true", help="create the database when absent")
    parser.add_argument("--recreate", action="store_true", help="drop and create the database first (scratch databases only)")
    parser.add_argument("--sessions", type=int, default=3, help="demo runs to write, one per hour (default 3)")
    parser.add_argument("--seconds", type=int, default=180, help="event time per session, s (default 180)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--end", type=float, default=None, help="end of the last session, epoch s (default now)")
    parser.add_argument("--instruments", default="BTC-USDT,ETH-USDT", help="default BTC-USDT,ETH-USDT")
    parser.add_argument("--venues", default="BINANCE,OKX,BYBIT,COINBASE,KRAKEN", help="default: all five")
    parser.add_argument("--executor-lag-ms", type=float, default=0.0,
                        help="extra median delay before the executor reads a signal, ms (a loaded machine); "
                        "over 2000 every signal is refused as stale (EXPIRED), no order is filled (default 0)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.seconds < 30:
        parser.error("--sessions must be >= 1 and --seconds >= 30")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    connection = dai.connection_from_env()
    connection = dai.Connection(connection.url, args.database, connection.user, connection.password, connection.source)
    influx = dai.Influx(connection)
    influx.ping()
    if args.recreate:
        influx.admin(f'DROP DATABASE "{connection.database}"')
    if args.create or args.recreate:
        influx.admin(f'CREATE DATABASE "{connection.database}"')
    config = trading.trading_config()
    rng = np.random.default_rng(args.seed)
    end_us = int((args.end if args.end is not None else time.time()) * 1e6) // 1_000_000 * 1_000_000
    totals = {}
    started = time.monotonic()
    for n in range(args.sessions):
        start_us = end_us - args.seconds * 1_000_000 - (args.sessions - 1 - n) * 3_600_000_000
        session = Session(
            start_us,
            args.seconds,
            args.instruments.split(","),
            args.venues.split(","),
            config,
            rng,
            burst=[3.0, 12.0, 30.0][n % 3],
            executor_lag_ms=args.executor_lag_ms,
        )
        lines = session.run()
        for i in range(0, len(lines), 5000):
            influx.write_lines(lines[i : i + 5000], precision="u")
        for text in lines:
            name = text.split(",", 1)[0].split(" ", 1)[0]
            totals[name] = totals.get(name, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
    print(f"seeded {connection.url} database {connection.database}: {summary} "
          f"({args.sessions} session(s) of {args.seconds} s, seed {args.seed}, {time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except dai.InfluxError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
