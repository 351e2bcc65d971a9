// Prints one point of every InfluxDB measurement through the sinks' own point mappers into
// notebooks/testdata/sink_lines.txt, the reference test_notebooks.py holds seed_demo.py to.
// The metric names are RiskJob's (jobs RiskJob, PositionFunction) and its market statistics
// (jobs MarketStatRows). Regenerate after a mapper change or a new metric name (from the repository root, after mvn -pl sinks -am compile):
//   CP=sinks/target/classes:model/target/classes:<avro 1.11.4, jackson 2.18.2, slf4j-api jars>
//   jshell --class-path "$CP" -q notebooks/testdata/sink_lines.jsh
import io.deepalpha.model.event.*;
import io.deepalpha.sinks.influx.PointBuffer;
import io.deepalpha.sinks.influx.point.*;
import io.deepalpha.sinks.row.*;
PointBuffer b = new PointBuffer(4096);
long t = 1795315000000000L;
Quote q = Quote.newBuilder().setVenue(Venue.OKX).setVenueSymbol("BTC-USDT").setInstrument("BTC-USDT").setExchangeTimeUs(t).setReceiveTimeNs(t * 1000 + 11_000_000L).setConnectionId(1).setSequence(1).setPriceScale(2).setSizeScale(5).setBidPrice(9725000L).setBidSize(60000L).setAskPrice(9725001L).setAskSize(50000L).setTimeSource(TimeSource.EXCHANGE).build();
new QuotePoints(0).write(q, b);
new SpreadStatPoints().write(new SpreadStat("BTC-USDT", Venue.BINANCE, Venue.OKX, t, t + 1000000, -20.5, 7.5, 6.0, 300L, 12L), b);
Signal s = Signal.newBuilder().setSignalId("3f1c2a9e-0b7d-3c1e-9a4f-5e6d7c8b9a01").setInstrument("BTC-USDT").setEventTimeUs(t).setBuyVenue(Venue.BINANCE).setSellVenue(Venue.OKX).setPriceScale(2).setSizeScale(5).setBuyPrice(9725000L).setSellPrice(9735000L).setQty(5000L).setGrossBps(25.0).setNetBps(5.0).setBuyQuoteTimeUs(t - 1000).setSellQuoteTimeUs(t).setBuyQuoteReceiveNs(t * 1000).setSellQuoteReceiveNs(t * 1000 + 9_000_000L).setConfigVersion(1L).build();
new SignalPoints().write(s, b);
Order o = Order.newBuilder().setClientOrderId("dagunorqlvhel2u2dc3srsoeg5s").setRevision(0).setSignalId("x").setInstrument("BTC-USDT").setVenue(Venue.OKX).setVenueSymbol("BTC-USDT").setSide(Side.SELL).setOrderType(OrderType.LIMIT).setTimeInForce(TimeInForce.IOC).setPriceScale(2).setSizeScale(5).setPrice(9735000L).setQty(5000L).setFilledQty(0L).setAvgFillPrice(0L).setStatus(OrderStatus.PENDING).setMode(TradingMode.PAPER).setSignalTimeUs(t).setEventTimeNs(t * 1000 + 12_000_000L).build();
new OrderLatencyPoints().write(o, b);
for (String m : new String[] {"volatility_bps", "spread_bps", "position", "exposure", "drawdown", "loss", "quotes", "trades", "volume", "vwap", "spread_bps_min", "spread_bps_p50", "spread_bps_p90", "spread_bps_max"}) new RiskMetricPoints().write(new RiskMetric(RiskScope.INSTRUMENT, "BTC-USDT", "BINANCE", m, 1.5, t + 5), b);
RiskState r = RiskState.newBuilder().setScope(RiskScope.GLOBAL).setScopeKey("*").setLevel(RiskLevel.WARN).setPreviousLevel(RiskLevel.OK).setReason("exposure 51000 >= warn 50000").setMetric("exposure").setValue(51000.0).setLimit(50000.0).setEventTimeUs(t).setConfigVersion(1L).build();
new RiskStatePoints().write(r, b);
java.nio.file.Files.writeString(java.nio.file.Path.of("notebooks/testdata/sink_lines.txt"), b.text());
/exit
