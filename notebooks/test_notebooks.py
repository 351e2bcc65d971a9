"""Tests of the notebooks' helpers and of the seeded data's schema (stdlib unittest).

  /usr/bin/python3 -m unittest test_notebooks            # helpers only (no server needed)
  NOTEBOOK_TEST_DATABASE=db /usr/bin/python3 -m unittest test_notebooks   # + the seeded schema
test.sh runs both.
"""

import os
import tempfile
import unittest
from pathlib import Path

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import deepalpha_figures as figs  # noqa: E402
import deepalpha_influx as dai  # noqa: E402
import deepalpha_trading as trading  # noqa: E402
import seed_demo  # noqa: E402

# The measurements exactly as the sinks' point mappers write them
# (sinks/src/main/java/io/deepalpha/sinks/influx/point/*Points.java).
SINK_SCHEMA = {
    "quotes": {
        "tags": {"instrument", "venue"},
        "fields": {"bid": "float", "ask": "float", "bid_size": "float", "ask_size": "float", "mid": "float",
                   "spread_bps": "float", "ingest_latency_us": "integer"},
    },
    "spreads": {
        "tags": {"instrument", "pair", "buy_venue", "sell_venue"},
        "fields": {"min_net_bps": "float", "max_net_bps": "float", "last_net_bps": "float",
                   "ms_above_threshold": "integer", "samples": "integer"},
    },
    "opportunities": {
        "tags": {"instrument", "pair", "buy_venue", "sell_venue"},
        "fields": {"gross_bps": "float", "net_bps": "float", "buy_price": "float", "sell_price": "float",
                   "qty": "float", "quote_age_us": "integer", "buy_ingest_latency_us": "integer",
                   "sell_ingest_latency_us": "integer", "config_version": "integer", "signal_id": "string"},
    },
    "order_latency": {
        "tags": {"instrument", "mode", "status", "venue"},
        "fields": {"signal_to_status_us": "integer", "revision": "integer", "client_order_id": "string"},
    },
    "risk_metrics": {
        "tags": {"scope", "scope_key", "venue"},
        # One float field per metric name the jobs' RiskJob emits.
        "fields": {"volatility_bps": "float", "spread_bps": "float", "position": "float", "exposure": "float",
                   "drawdown": "float", "loss": "float",
                   # RiskJob's market statistics per venue window (jobs MarketStatRows).
                   "quotes": "float", "trades": "float", "volume": "float", "vwap": "float",
                   "spread_bps_min": "float", "spread_bps_p50": "float", "spread_bps_p90": "float",
                   "spread_bps_max": "float"},
    },
    "risk_state": {
        "tags": {"metric", "scope", "scope_key"},
        "fields": {"level_code": "integer", "level": "string", "previous_level": "string", "reason": "string",
                   "value": "float", "limit": "float"},
    },
}


def parse_line(text: str):
    """(measurement, tag keys, {field: type}) of one line-protocol line (as the sinks write them)."""
    def split(part, separator):
        items, current, quoted, escaped = [], "", False, False
        for char in part:
            if escaped:
                current, escaped = current + char, False
            elif char == "\\":
                current, escaped = current + char, True
            elif char == '"':
                current, quoted = current + char, not quoted
            elif char == separator and not quoted:
                items.append(current)
                current = ""
            else:
                current += char
        return items + [current]

    key, fields, _timestamp = split(text, " ")
    measurement, *tags = split(key, ",")
    types = {}
    for item in split(fields, ","):
        name, value = item.split("=", 1)
        if value.startswith('"'):
            types[name] = "string"
        elif value.endswith("i") and value[:-1].lstrip("-").isdigit():
            types[name] = "integer"
        else:
            float(value)
            types[name] = "float"
    return measurement, {t.split("=", 1)[0] for t in tags}, types


def schema_of(lines) -> dict:
    schema = {}
    for text in lines:
        measurement, tags, fields = parse_line(text)
        entry = schema.setdefault(measurement, {"tags": set(), "fields": {}})
        entry["tags"] |= tags
        for name, kind in fields.items():
            if entry["fields"].setdefault(name, kind) != kind:
                raise AssertionError(f"{measurement}.{name} written as {entry['fields'][name]} and as {kind}")
    return schema


class SinkSchemaTest(unittest.TestCase):
    """seed_demo.py writes what the sinks write: tags, field names and field types."""

    def test_reference_schema_is_what_the_sinks_point_mappers_print(self):
        # testdata/sink_lines.txt: one record of each type through the sinks' own mappers
        # (testdata/sink_lines.jsh). The venue tag of risk_metrics is absent when a metric has none.
        lines = (Path(__file__).parent / "testdata" / "sink_lines.txt").read_text().splitlines()
        self.assertEqual(schema_of(lines), SINK_SCHEMA)

    def test_seeded_lines_have_the_sinks_schema(self):
        import numpy as np

        session = seed_demo.Session(
            1_795_315_000_000_000, 180, ["BTC-USDT", "ETH-USDT"], ["BINANCE", "OKX", "BYBIT", "COINBASE", "KRAKEN"],
            trading.trading_config(), np.random.default_rng(7), burst=30.0,
        )
        self.assertEqual(schema_of(session.run()), SINK_SCHEMA)


class LoadedExecutorTest(unittest.TestCase):
    """The shape of a real run on a loaded machine: every signal reaches the executor stale."""

    def test_a_stale_signal_is_one_expired_buy_leg_record_and_nothing_fills(self):
        import numpy as np

        session = seed_demo.Session(
            1_795_315_000_000_000, 60, ["BTC-USDT"], ["BINANCE", "OKX", "BYBIT"],
            trading.trading_config(), np.random.default_rng(7), burst=1.0, executor_lag_ms=5_000,
        )
        lines = session.run()
        signals = [text for text in lines if text.startswith("opportunities,")]
        orders = [text for text in lines if text.startswith("order_latency,")]
        self.assertGreater(len(signals), 0)
        self.assertEqual(len(orders), len(signals))  # one refusal record per signal, no order sent
        statuses = {text.split(",status=", 1)[1].split(",", 1)[0] for text in orders}
        self.assertEqual(statuses, {"EXPIRED"})
        self.assertTrue(all("revision=0i" in text and 'b" ' in text for text in orders), orders[:3])
        fills = [text for text in lines if text.startswith("risk_metrics,") and any(
            f" {m}=" in text for m in ("position", "exposure", "drawdown", "loss"))]
        self.assertEqual(fills, [])


class NumericColumnsTest(unittest.TestCase):
    def test_json_numbers_and_nulls_become_numeric_columns_and_strings_stay(self):
        import pandas as pd

        # InfluxDB's JSON: a float field with integral values arrives as ints, a missing one as null.
        frame = pd.DataFrame({"quotes": [53, 844], "spread_bps": [None, 2.5], "vwap": [None, None],
                              "venue": ["OKX", None]}, dtype=object)
        frame = dai.numeric_columns(frame)
        self.assertEqual(frame["quotes"].dtype.kind, "i")
        self.assertEqual(frame["spread_bps"].dtype.kind, "f")
        self.assertEqual(frame["vwap"].dtype.kind, "f")
        self.assertEqual(frame["venue"].tolist(), ["OKX", None])


class JavaCompatibilityTest(unittest.TestCase):
    def test_client_order_id_is_the_executors(self):
        # Value printed by executor ClientOrderIds.derive("3f1c…9a01", Leg.SELL) (jshell, 2026-11-22).
        self.assertEqual(dai.client_order_id("3f1c2a9e-0b7d-3c1e-9a4f-5e6d7c8b9a01", "s"), "dagunorqlvhel2u2dc3srsoeg5s")

    def test_signal_ids_are_javas_name_uuid(self):
        # Value printed by java.util.UUID.nameUUIDFromBytes of the same UTF-8 bytes.
        self.assertEqual(
            seed_demo.name_uuid("BTC-USDT|BINANCE|OKX|OKX|1|42|1795315079860000|1"),
            "d52af94a-01ac-39e8-8883-49ea0e891f9d",
        )

    def test_line_protocol_types_match_point_buffer(self):
        text = seed_demo.line("m", {"venue": "OKX", "pair": "A>B", "none": None}, {"f": 3.0, "i": 3, "s": 'a"b'}, 17)
        self.assertEqual(text, 'm,pair=A>B,venue=OKX f=3.0,i=3i,s="a\\"b" 17')


class ConnectionTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.TemporaryDirectory()
        os.environ["DEEPALPHA_HOME"] = self.home.name

    def tearDown(self):
        os.environ.pop("DEEPALPHA_HOME")
        self.home.cleanup()

    def test_environment_wins_and_reads_the_password_file(self):
        secret = Path(self.home.name) / "pw"
        secret.write_text("s3cret\n")
        c = dai.connection_from_env({"INFLUX_URL": "http://h:1/", "INFLUX_DATABASE": "d", "INFLUX_USER": "u",
                                     "INFLUX_PASSWORD_FILE": str(secret)})
        self.assertEqual((c.url, c.database, c.user, c.password), ("http://h:1", "d", "u", "s3cret"))
        self.assertNotIn("s3cret", repr(c))

    def test_local_stack_endpoints_are_the_default(self):
        stack = Path(self.home.name) / "stack"
        stack.mkdir()
        (stack / "pw").write_text("p")
        (stack / "endpoints.env").write_text(
            f"export INFLUX_URL='http://127.0.0.1:9999'\nexport INFLUX_DATABASE='deepalpha'\n"
            f"export INFLUX_USER='deepalpha'\nexport INFLUX_PASSWORD_FILE='{stack / 'pw'}'\n"
        )
        c = dai.connection_from_env({})
        self.assertEqual((c.url, c.database, c.user, c.password), ("http://127.0.0.1:9999", "deepalpha", "deepalpha", "p"))

    def test_a_server_named_by_the_environment_gets_nothing_from_the_local_stack(self):
        stack = Path(self.home.name) / "stack"
        stack.mkdir()
        (stack / "pw").write_text("local-secret")
        (stack / "endpoints.env").write_text(f"export INFLUX_USER='deepalpha'\nexport INFLUX_PASSWORD_FILE='{stack / 'pw'}'\n")
        c = dai.connection_from_env({"INFLUX_URL": "http://elsewhere:8086"})
        self.assertEqual((c.url, c.database, c.password), ("http://elsewhere:8086", "deepalpha", ""))

    def test_bad_url_names_the_setting(self):
        with self.assertRaisesRegex(dai.InfluxError, "INFLUX_URL"):
            dai.connection_from_env({"INFLUX_URL": "localhost:8086"})

    def test_unreachable_server_is_a_clear_error(self):
        influx = dai.Influx(dai.Connection("http://127.0.0.1:1", "d", "u", "p"), timeout_s=2)
        with self.assertRaisesRegex(dai.InfluxUnreachable, "does not answer"):
            influx.ping()
        influx.close()


class FiguresTest(unittest.TestCase):
    def tearDown(self):
        plt.close("all")

    def test_axes_with_only_a_threshold_line_is_empty(self):
        fig, ax = plt.subplots()
        ax.axhline(5.0)
        ax.set_title("net edge")
        with self.assertRaisesRegex(figs.EmptyFigure, "net edge"):
            figs.check(fig)

    def test_axes_with_nan_only_data_is_empty(self):
        fig, ax = plt.subplots()
        ax.plot([1, 2], [float("nan"), float("nan")])
        with self.assertRaises(figs.EmptyFigure):
            figs.check(fig)

    def test_empty_histogram_is_empty(self):
        fig, ax = plt.subplots()
        ax.hist([], bins=5)
        with self.assertRaises(figs.EmptyFigure):
            figs.check(fig)

    def test_every_axes_needs_data(self):
        fig, (a, b) = plt.subplots(1, 2)
        a.plot([1, 2], [3, 4])
        b.set_title("second")
        with self.assertRaisesRegex(figs.EmptyFigure, "second"):
            figs.check(fig)
        b.bar([1], [2])
        figs.check(fig)

    def test_hidden_grid_cells_are_not_checked(self):
        fig, axes = plt.subplots(1, 3)
        axes[0].scatter([1], [1])
        figs.hide_unused(axes, 1)
        figs.check(fig)


class EpisodesTest(unittest.TestCase):
    def test_consecutive_intervals_join_and_a_gap_splits(self):
        t = pd.Timestamp("2026-11-22T00:00:00Z")
        rows = pd.DataFrame(
            {
                "time": [t, t + pd.Timedelta(seconds=1), t + pd.Timedelta(seconds=2), t + pd.Timedelta(seconds=9)],
                "instrument": ["BTC-USDT"] * 4,
                "pair": ["BINANCE>OKX"] * 4,
                "ms_above_threshold": [300, 1000, 200, 50],
            }
        )
        episodes = trading.episodes(rows)
        self.assertEqual(list(episodes["duration_ms"]), [1500, 50])
        self.assertEqual(list(episodes["intervals"]), [3, 1])
        self.assertEqual(episodes["end"].iloc[0], t + pd.Timedelta(seconds=3))

    def test_pairs_never_join(self):
        t = pd.Timestamp("2026-11-22T00:00:00Z")
        rows = pd.DataFrame(
            {"time": [t, t + pd.Timedelta(seconds=1)], "instrument": ["BTC-USDT"] * 2,
             "pair": ["BINANCE>OKX", "OKX>BINANCE"], "ms_above_threshold": [10, 20]}
        )
        self.assertEqual(len(trading.episodes(rows, interval_ms=1000)), 2)


@unittest.skipUnless(os.environ.get("NOTEBOOK_REAL_DATABASE"), "set NOTEBOOK_REAL_DATABASE to a real run's database")
class RealDataSchemaTest(unittest.TestCase):
    """A real pipeline run's database holds only measurements, tags and field types of SINK_SCHEMA
    (fields may be absent: no position/exposure/drawdown/loss without a fill), so that the seeded
    data, held to SINK_SCHEMA, stays the shape the notebooks meet in real runs."""

    def test_real_fields_and_tags_are_in_the_sinks_schema(self):
        import dataclasses

        influx = dai.Influx(dataclasses.replace(dai.connection_from_env(), database=os.environ["NOTEBOOK_REAL_DATABASE"]))
        fields = {s["name"]: dict(map(tuple, s["values"])) for s in influx.raw_query("SHOW FIELD KEYS")[0]}
        tags = {s["name"]: {v[0] for v in s["values"]} for s in influx.raw_query("SHOW TAG KEYS")[0]}
        self.assertTrue(fields, "the real database holds no measurement")
        for measurement, types in fields.items():
            self.assertIn(measurement, SINK_SCHEMA)
            expected = SINK_SCHEMA[measurement]["fields"]
            self.assertEqual({k: v for k, v in types.items()}, {k: expected.get(k) for k in types}, measurement)
            self.assertLessEqual(tags.get(measurement, set()), SINK_SCHEMA[measurement]["tags"], measurement)


@unittest.skipUnless(os.environ.get("NOTEBOOK_TEST_DATABASE"), "set NOTEBOOK_TEST_DATABASE to a seeded database")
class SeededSchemaTest(unittest.TestCase):
    """The seeded database has exactly the sinks' measurements, tags and field types."""

    @classmethod
    def setUpClass(cls):
        c = dai.connection_from_env()
        cls.influx = dai.Influx(dai.Connection(c.url, os.environ["NOTEBOOK_TEST_DATABASE"], c.user, c.password))

    @classmethod
    def tearDownClass(cls):
        cls.influx.close()

    def test_measurements_tags_and_field_types_are_the_sinks(self):
        fields, tags = {}, {}
        for series in self.influx.raw_query("SHOW FIELD KEYS")[0]:
            fields[series["name"]] = {k: t for k, t in series["values"]}
        for series in self.influx.raw_query("SHOW TAG KEYS")[0]:
            tags[series["name"]] = {row[0] for row in series["values"]}
        self.assertEqual(set(fields), set(SINK_SCHEMA))
        for name, schema in SINK_SCHEMA.items():
            with self.subTest(measurement=name):
                self.assertEqual(fields[name], schema["fields"])
                self.assertEqual(tags[name], schema["tags"])


if __name__ == "__main__":
    unittest.main()
