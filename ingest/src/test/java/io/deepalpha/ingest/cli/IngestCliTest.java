package io.deepalpha.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.ingest.venue.kraken.KrakenProtocol;
import io.deepalpha.model.event.Venue;
import org.junit.jupiter.api.Test;

class IngestCliTest {

  @Test
  void everyCommandAnswersHelp() {
    for (String command : new String[] {"run", "replay", "simulate", "cdc"}) {
      assertThat(IngestCli.run(command, "--help")).as(command).isZero();
    }
    assertThat(IngestCli.run("--help")).isZero();
  }

  @Test
  void runStopsAtStartNamingTheOptionWhenAnInstrumentIsNotConfigured() {
    CliRun run =
        CliRun.capturingErr(
            "run",
            "--venues",
            "OKX",
            "--instruments",
            "DOGE-EUR",
            "--kafka",
            "127.0.0.1:1",
            "--metrics-port",
            "0");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--instruments: DOGE-EUR is not in the instrument map");
  }

  @Test
  void runStopsAtStartNamingTheOptionWhenIoThreadsIsBelowOne() {
    CliRun run =
        CliRun.capturingErr(
            "run",
            "--venues",
            "OKX",
            "--instruments",
            "BTC-USDT",
            "--kafka",
            "127.0.0.1:1",
            "--io-threads",
            "0",
            "--metrics-port",
            "0");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--io-threads: must be at least 1, got 0");
  }

  @Test
  void runStopsAtStartNamingTheOptionWhenTheBinanceWeightLimitAdmitsNoSnapshot() {
    CliRun run =
        CliRun.capturingErr(
            "run",
            "--venues",
            "BINANCE",
            "--instruments",
            "BTC-USDT",
            "--kafka",
            "127.0.0.1:1",
            "--binance-weight-limit",
            "49",
            "--metrics-port",
            "0");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("--binance-weight-limit: must be at least 50 (one depth snapshot), got 49");
  }

  @Test
  void ioThreadsDefaultToOnePerConnectionAtMostTheProcessors() {
    RunCommand run = new RunCommand();
    assertThat(run.ioThreads(5, 2)).isEqualTo(2);
    assertThat(run.ioThreads(1, 8)).isEqualTo(1);
    assertThat(run.ioThreads(3, 8)).isEqualTo(3);
    run.ioThreads = 4;
    assertThat(run.ioThreads(1, 2)).isEqualTo(4);
  }

  @Test
  void krakenSpeaksV2LiveAndWhatAnExplicitEndpointSays() {
    RunCommand run = new RunCommand();
    assertThat(run.krakenProtocol()).isEqualTo(KrakenProtocol.V2);
    assertThat(run.krakenProtocol().publicEndpoint())
        .isEqualTo(java.net.URI.create("wss://ws.kraken.com/v2"));
    run.endpoints.put(Venue.KRAKEN, java.net.URI.create("ws://127.0.0.1:8765/kraken"));
    assertThat(run.krakenProtocol()).isEqualTo(KrakenProtocol.V1);
    run.endpoints.put(Venue.KRAKEN, java.net.URI.create("ws://127.0.0.1:8765/kraken/v2"));
    assertThat(run.krakenProtocol()).isEqualTo(KrakenProtocol.V2);
    run.krakenProtocol = KrakenProtocol.V1;
    assertThat(run.krakenProtocol()).isEqualTo(KrakenProtocol.V1);
    assertThat(new KrakenProtocolConverter().convert("v2")).isEqualTo(KrakenProtocol.V2);
  }

  @Test
  void binanceSnapshotsComeFromThePublicApiTheSimulatorsPortOrRestEndpoint() {
    RunCommand run = new RunCommand();
    new picocli.CommandLine(run)
        .parseArgs("--venues", "BINANCE", "--instruments", "BTC-USDT", "--kafka", "127.0.0.1:1");
    assertThat(
            run.restEndpoint(
                Venue.BINANCE, java.net.URI.create(RunCommand.PUBLIC_ENDPOINTS.get(Venue.BINANCE))))
        .isEqualTo(java.net.URI.create("https://api.binance.com"));
    assertThat(run.restEndpoint(Venue.BINANCE, java.net.URI.create("ws://127.0.0.1:8765/binance")))
        .isEqualTo(java.net.URI.create("http://127.0.0.1:8765"));

    new picocli.CommandLine(run)
        .parseArgs(
            "--venues",
            "BINANCE",
            "--instruments",
            "BTC-USDT",
            "--kafka",
            "127.0.0.1:1",
            "--rest-endpoint",
            "BINANCE=http://10.0.0.1:8080");
    assertThat(run.restEndpoint(Venue.BINANCE, java.net.URI.create("ws://127.0.0.1:8765/binance")))
        .isEqualTo(java.net.URI.create("http://10.0.0.1:8080"));
  }
}
