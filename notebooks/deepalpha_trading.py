"""Reference values and derived series the notebooks draw next to InfluxDB's data.

- Thresholds and limits come from configs/trading.yaml (DEEPALPHA_TRADING_CONFIG to use another
  file): the defaults the jobs and the executor start with. Live changes made in PostgreSQL are not
  in InfluxDB (the `spreads` points carry the time above threshold, not the threshold itself), so
  the line drawn is the configured default.
- Opportunity episodes are rebuilt from `spreads`: consecutive intervals of a pair with time above
  the threshold form one episode, whose duration is the sum of that time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent


def trading_config() -> dict:
    path = Path(os.environ.get("DEEPALPHA_TRADING_CONFIG") or REPO_ROOT / "configs" / "trading.yaml")
    try:
        return yaml.safe_load(path.read_text())
    except OSError as e:
        raise RuntimeError(f"DEEPALPHA_TRADING_CONFIG={path}: cannot read it: {e.strerror}") from None


def min_edge_bps(config: dict | None = None) -> dict:
    """Instrument → min_edge_bps of the xarb strategy (the signal threshold on net bps)."""
    config = config or trading_config()
    return {row["instrument"]: float(row["min_edge_bps"]) for row in config.get("strategies", [])}


def risk_limits(config: dict | None = None) -> pd.DataFrame:
    """scope, scope_key, metric, warn_value, halt_value: one row per configured limit."""
    config = config or trading_config()
    return pd.DataFrame(config.get("risk_limits", []), columns=["scope", "scope_key", "metric", "warn_value", "halt_value"])


def episodes(spreads: pd.DataFrame, interval_ms: int | None = None) -> pd.DataFrame:
    """Opportunity episodes from above-threshold spread intervals.

    `spreads` holds rows with ms_above_threshold > 0 (time, instrument, pair, ms_above_threshold).
    Intervals of one pair that follow each other without a gap join one episode. The interval
    length is the most frequent step between such rows (1 s by default in SpreadJob) unless given.
    Returns instrument, pair, start, end, duration_ms, intervals.
    """
    columns = ["instrument", "pair", "start", "end", "duration_ms", "intervals"]
    if spreads.empty:
        return pd.DataFrame(columns=columns)
    frame = spreads.sort_values(["instrument", "pair", "time"]).copy()
    step = frame.groupby(["instrument", "pair"])["time"].diff()
    if interval_ms is None:
        steps = step.dropna()
        interval_ms = int(steps.mode().iloc[0].total_seconds() * 1000) if not steps.empty else 1000
    interval = pd.Timedelta(milliseconds=interval_ms)
    frame["episode"] = (step.isna() | (step > interval)).cumsum()
    grouped = frame.groupby("episode")
    result = pd.DataFrame(
        {
            "instrument": grouped["instrument"].first(),
            "pair": grouped["pair"].first(),
            "start": grouped["time"].min(),
            "end": grouped["time"].max() + interval,
            "duration_ms": grouped["ms_above_threshold"].sum(),
            "intervals": grouped.size(),
        }
    )
    return result.reset_index(drop=True)[columns]
