"""InfluxQL over the InfluxDB 1.x HTTP API (/query, /write), for the analysts' notebooks.

The same v1 API is served by InfluxDB 1.x, 2.x (v1 compatibility) and 3.x, so nothing here is
specific to the 1.6 server of the local stack.

Connection, first match wins per setting:
  1. the environment: INFLUX_URL, INFLUX_DATABASE, INFLUX_USER, INFLUX_PASSWORD or
     INFLUX_PASSWORD_FILE (the names the pipeline's sinks read);
  2. only when INFLUX_URL is not set: the local stack's $DEEPALPHA_HOME/stack/endpoints.env
     (DEEPALPHA_HOME defaults to the repository's ./work), which names the generated password
     file under secrets/;
  3. the demo's defaults: http://127.0.0.1:8086, database deepalpha, user deepalpha.

The password is never printed: Connection's repr leaves it out.

Command line (used by run.sh before it runs the notebooks):
  /usr/bin/python3 deepalpha_influx.py check    # reachability, credentials, points per measurement
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import requests

REPO_ROOT = Path(__file__).resolve().parent.parent

#: The measurements the sinks write (sinks/README.md), and what each holds.
MEASUREMENTS = {
    "quotes": "sampled best bid/ask per venue and instrument",
    "spreads": "net edge per ordered venue pair and 1 s interval",
    "opportunities": "one point per arbitrage signal",
    "order_latency": "one point per order status, signal-to-status latency",
    "risk_metrics": "RiskJob window metrics (volatility, spread, position, exposure, drawdown, loss)",
    "risk_state": "risk level transitions OK / WARN / HALT",
}


class InfluxError(RuntimeError):
    """Base of the errors a notebook shows instead of a stack of HTTP internals."""


class InfluxUnreachable(InfluxError):
    """No answer from the server, or the credentials were refused."""


class InfluxQueryError(InfluxError):
    """The server answered the query with an error."""


class EmptyMeasurement(InfluxError):
    """A measurement a notebook needs has no points in the range."""


@dataclass(frozen=True)
class Connection:
    url: str
    database: str
    user: str
    password: str = field(repr=False)
    source: str = "defaults"

    def describe(self) -> str:
        return f"{self.url} database={self.database} user={self.user or '(none)'} (from {self.source})"


def _read_endpoints_env(path: Path) -> dict:
    """Reads `export KEY='value'` lines, as written by the stack launcher (no shell evaluation)."""
    values = {}
    if not path.is_file():
        return values
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line.startswith("export "):
            continue
        key, _, raw = line[len("export "):].partition("=")
        parts = shlex.split(raw) if raw else [""]
        values[key.strip()] = parts[0] if parts else ""
    return values


def deepalpha_home() -> Path:
    return Path(os.environ.get("DEEPALPHA_HOME") or REPO_ROOT / "work")


def connection_from_env(env=None) -> Connection:
    """The pipeline's InfluxDB: environment, else the local stack's endpoints.env, else defaults."""
    env = os.environ if env is None else env
    stack_env_file = deepalpha_home() / "stack" / "endpoints.env"
    # An InfluxDB named by the environment gets nothing from the local stack (not its password).
    stack = {} if env.get("INFLUX_URL") else _read_endpoints_env(stack_env_file)
    source = "environment" if env.get("INFLUX_URL") else (str(stack_env_file) if stack else "defaults")

    def setting(key, default):
        return env.get(key) or stack.get(key) or default

    url = setting("INFLUX_URL", "http://127.0.0.1:8086").rstrip("/")
    if not re.match(r"^https?://", url):
        raise InfluxError(f"INFLUX_URL must be an http(s) URL, got '{url}'")
    database = setting("INFLUX_DATABASE", "deepalpha")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", database):
        raise InfluxError(f"INFLUX_DATABASE may hold letters, digits, _ . - only, got '{database}'")
    user = setting("INFLUX_USER", "deepalpha")
    password = env.get("INFLUX_PASSWORD") or ""
    if not password:
        password_file = env.get("INFLUX_PASSWORD_FILE") or stack.get("INFLUX_PASSWORD_FILE")
        if not password_file and not env.get("INFLUX_URL"):
            default_file = deepalpha_home() / "stack" / "secrets" / "influxdb.password"
            password_file = str(default_file) if default_file.is_file() else None
        if password_file:
            try:
                password = Path(password_file).read_text().strip()
            except OSError as e:
                raise InfluxError(f"INFLUX_PASSWORD_FILE={password_file}: cannot read it: {e.strerror}") from None
    return Connection(url, database, user, password, source)


class Influx:
    """A small InfluxQL client: query → pandas DataFrame, line-protocol writes, admin statements."""

    def __init__(self, connection: Connection | None = None, timeout_s: float = 30.0):
        self.connection = connection or connection_from_env()
        self.timeout_s = timeout_s
        self._http = requests.Session()
        if self.connection.user:
            self._http.auth = (self.connection.user, self.connection.password)

    def close(self) -> None:
        self._http.close()

    # -- low level -------------------------------------------------------------------------------

    def _request(self, method, path, **kwargs):
        url = self.connection.url + path
        try:
            response = self._http.request(method, url, timeout=self.timeout_s, **kwargs)
        except requests.RequestException as e:
            raise InfluxUnreachable(
                f"InfluxDB at {self.connection.url} does not answer ({type(e).__name__}). "
                f"Is the stack up (bin/deepalpha stack status)? Connection: {self.connection.describe()}"
            ) from None
        if response.status_code in (401, 403):
            raise InfluxUnreachable(
                f"InfluxDB at {self.connection.url} refused the credentials of user "
                f"'{self.connection.user}' (HTTP {response.status_code}); set INFLUX_USER and "
                f"INFLUX_PASSWORD or INFLUX_PASSWORD_FILE"
            )
        return response

    def ping(self) -> str:
        """The server's version; raises InfluxUnreachable when it does not answer."""
        response = self._request("GET", "/ping")
        if response.status_code != 204:
            raise InfluxUnreachable(f"{self.connection.url}/ping answered HTTP {response.status_code}")
        return response.headers.get("X-Influxdb-Version", "unknown")

    def raw_query(self, influxql: str, database: str | None = None, method: str = "GET") -> list:
        """Runs InfluxQL; returns the list of statement results (chunks merged per series)."""
        params = {"q": influxql, "epoch": "ns", "chunked": "true", "chunk_size": "20000"}
        db = self.connection.database if database is None else database
        if db:
            params["db"] = db
        if method == "GET":
            response = self._request("GET", "/query", params=params)
        else:
            response = self._request("POST", "/query", data=params)
        if response.status_code >= 400 and not response.text.lstrip().startswith("{"):
            raise InfluxQueryError(f"HTTP {response.status_code} for {influxql!r}: {response.text[:300]}")
        statements = {}
        for line in response.text.splitlines():
            if not line.strip():
                continue
            chunk = json.loads(line)
            if "error" in chunk:
                raise InfluxQueryError(f"{chunk['error']} (query: {influxql})")
            for result in chunk.get("results", []):
                if "error" in result:
                    raise InfluxQueryError(f"{result['error']} (query: {influxql})")
                merged = statements.setdefault(result.get("statement_id", 0), {})
                for series in result.get("series", []):
                    key = (series.get("name"), tuple(sorted(series.get("tags", {}).items())))
                    if key in merged:
                        merged[key]["values"].extend(series.get("values", []))
                    else:
                        merged[key] = {**series, "values": list(series.get("values", []))}
        return [list(statements[i].values()) for i in sorted(statements)]

    def admin(self, influxql: str) -> None:
        """Statements that change the server (CREATE/DROP DATABASE ...); POST, no database."""
        self.raw_query(influxql, database="", method="POST")

    # -- analysts' API ---------------------------------------------------------------------------

    def query(self, influxql: str, required: str | None = None) -> pd.DataFrame:
        """One SELECT → a DataFrame with a UTC `time` column, one column per tag and per field.

        `required` names what the rows are (e.g. "measurement 'spreads' in the last 24h"): when
        given, an empty answer raises EmptyMeasurement with that description instead of returning
        an empty frame.
        """
        results = self.raw_query(influxql)
        frames = []
        for series in results[0] if results else []:
            frame = pd.DataFrame(series["values"], columns=series["columns"])
            for tag, value in series.get("tags", {}).items():
                frame[tag] = value
            frames.append(frame)
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        frame = numeric_columns(frame)
        if "time" in frame.columns:
            frame["time"] = pd.to_datetime(frame["time"], unit="ns", utc=True)
        if frame.empty and required:
            raise EmptyMeasurement(
                f"no points: {required} in database '{self.connection.database}' at "
                f"{self.connection.url}. Run the pipeline (or notebooks/seed_demo.py) first, or "
                f"widen the range (NOTEBOOK_RANGE)."
            )
        return frame

    def counts(self, range_clause: str) -> pd.DataFrame:
        """Points per measurement in the range (via count(*) of each), for a quick look."""
        rows = []
        for name in MEASUREMENTS:
            frame = self.query(f'SELECT count(*) FROM "{name}" WHERE {range_clause}')
            count = 0 if frame.empty else int(frame.drop(columns=["time"]).max(axis=1).iloc[0])
            rows.append({"measurement": name, "points": count, "what": MEASUREMENTS[name]})
        return pd.DataFrame(rows)

    def write_lines(self, lines: list[str], precision: str = "u", database: str | None = None) -> None:
        """Writes line-protocol lines (timestamps in `precision`) through /write."""
        params = {"db": database or self.connection.database, "precision": precision}
        response = self._request("POST", "/write", params=params, data="\n".join(lines).encode())
        if response.status_code != 204:
            raise InfluxQueryError(f"/write answered HTTP {response.status_code}: {response.text[:500]}")


def numeric_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric fields as float/int columns, whatever JSON made of them.

    InfluxDB's JSON writes a float field with an integral value as an integer (53, not 53.0) and a
    field a point lacks as null, so a column can arrive as Python ints, floats and None mixed, or
    only None (a field no point of this query has): pandas keeps such columns as `object`, which
    numpy's math (isfinite, quantiles, plotting) refuses. Columns holding only numbers (and nulls)
    become numeric; columns with no value at all become float NaN; strings stay as they are.
    """
    for column in frame.columns:
        if column == "time" or frame[column].dtype != object:
            continue
        values = frame[column].dropna()
        if values.empty or values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all():
            numbers = pd.to_numeric(frame[column], errors="coerce")
            frame[column] = numbers.astype(float) if numbers.dtype == object else numbers
    return frame


def range_clause(default: str = "30d") -> str:
    """The notebooks' time filter: NOTEBOOK_RANGE (an InfluxQL duration such as 6h, 7d) back from now."""
    span = os.environ.get("NOTEBOOK_RANGE", default)
    if not re.fullmatch(r"\d+[smhdw]", span):
        raise InfluxError(f"NOTEBOOK_RANGE must be an InfluxQL duration like 6h or 7d, got '{span}'")
    return f"time > now() - {span}"


def auto_interval(first: pd.Timestamp, last: pd.Timestamp, points: int = 400, floor_s: int = 1) -> str:
    """A GROUP BY time() bucket giving about `points` buckets between first and last."""
    seconds = max(floor_s, int((last - first).total_seconds() / points))
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400):
        if seconds <= step:
            return f"{step}s"
    return f"{seconds}s"


def time_between(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """An InfluxQL time filter for [start, end)."""
    return f"time >= '{start.isoformat()}' AND time < '{end.isoformat()}'"


def last_run(influx: Influx, measurement: str, field: str, where: str, gap_minutes: int = 5):
    """(start, end) of the most recent stretch of `measurement` without a gap over `gap_minutes`."""
    return latest_run(influx, {measurement: field}, where, gap_minutes)


def latest_run(influx: Influx, sources: dict, where: str, gap_minutes: int = 5):
    """(start, end) of the most recent stretch of data without a gap over `gap_minutes`.

    `sources` maps measurement → a field every point of it has; the stretch is found on the union
    of their minutes. Demo runs are minutes long and may lie hours apart in one database; time-series
    charts zoom on the latest run, while the per-hour views use the whole range. Measurements are
    stamped with different clocks (quotes and signals with the venue's event time, order statuses
    with the executor's wall clock, seconds later on a loaded machine), so the run is found from the
    market data and a notebook reads order statuses from `start` on, not only up to `end`.
    """
    minutes = []
    for measurement, field in sources.items():
        counts = influx.query(
            f'SELECT count("{field}") FROM "{measurement}" WHERE {where} GROUP BY time(1m) fill(none)'
        )
        if not counts.empty:
            minutes.append(counts["time"])
    if not minutes:
        names = " or ".join(f"'{m}' ({MEASUREMENTS.get(m, '')})" for m in sources)
        raise EmptyMeasurement(
            f"no points: measurement {names} with {where} in database '{influx.connection.database}' at "
            f"{influx.connection.url}. Run the pipeline (or notebooks/seed_demo.py) first, or widen the "
            f"range (NOTEBOOK_RANGE)."
        )
    times = pd.concat(minutes).drop_duplicates().sort_values().reset_index(drop=True)
    breaks = times.diff() > pd.Timedelta(minutes=gap_minutes)
    start = times[breaks].iloc[-1] if breaks.any() else times.iloc[0]
    return start, times.iloc[-1] + pd.Timedelta(minutes=1)


def client_order_id(signal_id: str, leg: str) -> str:
    """The executor's client order id of a signal's leg ('b' buy, 's' sell, 'u' unwind).

    Same derivation as executor ClientOrderIds: "da" + base32(SHA-256(signal id)[0:15]) + leg,
    so order_latency points (which carry client_order_id) join to opportunities (signal_id).
    """
    import base64
    import hashlib

    digest = hashlib.sha256(signal_id.encode("utf-8")).digest()
    return "da" + base64.b32encode(digest[:15]).decode("ascii").lower() + leg


def _check(influx: Influx) -> int:
    version = influx.ping()
    print(f"InfluxDB {version} at {influx.connection.describe()}")
    try:
        databases = influx.raw_query("SHOW DATABASES", database="")
    except InfluxQueryError:
        databases = None  # a user without the right to list databases: the counts below tell
    names = [row[0] for series in (databases[0] if databases else []) for row in series["values"]]
    if databases is not None and influx.connection.database not in names:
        print(f"database '{influx.connection.database}' does not exist (databases: {', '.join(names) or 'none'})",
              file=sys.stderr)
        return 2
    counts = influx.counts(range_clause())
    print(counts.to_string(index=False))
    if counts["points"].sum() == 0:
        print(f"warning: database '{influx.connection.database}' holds no points in the range "
              f"({range_clause()}): the notebooks will have nothing to show", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] != "check":
        print(__doc__)
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 1)
    try:
        sys.exit(_check(Influx()))
    except InfluxError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
