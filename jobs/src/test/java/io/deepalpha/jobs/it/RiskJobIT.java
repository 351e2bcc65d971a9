package io.deepalpha.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.junit.WithLocalStack;
import io.deepalpha.jobs.JobEnvironment;
import io.deepalpha.jobs.io.EventKafkaSink;
import io.deepalpha.jobs.io.KafkaSources;
import io.deepalpha.jobs.risk.RiskJob;
import io.deepalpha.jobs.risk.RiskSettings;
import io.deepalpha.jobs.spread.SpreadFixtures;
import io.deepalpha.model.event.Fill;
import io.deepalpha.model.event.Quote;
import io.deepalpha.model.event.RiskLevel;
import io.deepalpha.model.event.RiskScope;
import io.deepalpha.model.event.RiskState;
import io.deepalpha.model.event.Trade;
import io.deepalpha.model.event.Venue;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RiskJob on a MiniCluster: quotes from the real broker, risk.state transitions back to it. */
@WithLocalStack
class RiskJobIT {
  @RegisterExtension static final MiniClusterExtension FLINK = TestFlink.cluster();

  @Test
  void volatileQuotesHaltTheInstrumentAndCalmQuotesReleaseIt(StackEndpoints stack)
      throws Exception {
    try (KafkaTestTopics kafka = new KafkaTestTopics(stack.kafkaBootstrap())) {
      String quotes = kafka.create("quotes", 1);
      String trades = kafka.create("trades", 1);
      String fills = kafka.create("fills", 1);
      String config = kafka.create("config", 1);
      String states = kafka.create("risk-state", 1);
      // 0-10 s: mid swings 100 <-> 103 every second (~296 bps per return: HALT, limit 150);
      // 30-60 s: a flat mid (0 bps) once the swings have left the 10 s windows.
      for (int i = 0; i < 10; i++) {
        double mid = i % 2 == 0 ? 100 : 103;
        kafka.send(quotes, "BTC-USDT", quote(i * 1_000L, i, mid));
      }
      for (int i = 30; i < 60; i++) {
        kafka.send(quotes, "BTC-USDT", quote(i * 1_000L, i, 100));
      }
      StreamExecutionEnvironment env = JobEnvironment.create(Duration.ZERO);
      env.setParallelism(1);
      String bootstrap = stack.kafkaBootstrap();
      new RiskJob(
              KafkaSources.events(Quote.class, bootstrap, quotes, "risk-it", true, true),
              KafkaSources.events(Trade.class, bootstrap, trades, "risk-it", true, true),
              KafkaSources.events(Fill.class, bootstrap, fills, "risk-it", true, true),
              KafkaSources.config(bootstrap, "risk-it-config", List.of(config), true),
              EventKafkaSink.create(bootstrap, states, RiskState.class),
              new DiscardingSink<>(),
              new DiscardingSink<>(),
              SpreadFixtures.config(),
              new RiskSettings(
                  Duration.ofSeconds(10),
                  Duration.ofSeconds(5),
                  Duration.ofMillis(20),
                  Duration.ZERO,
                  "xarb"))
          .build(env);
      env.execute("risk bounded");

      List<RiskState> written =
          kafka.readUntil(states, RiskState.class, l -> l.size() >= 2, Duration.ofSeconds(10));

      assertThat(written)
          .extracting(
              RiskState::getScope,
              RiskState::getScopeKey,
              RiskState::getPreviousLevel,
              RiskState::getLevel)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.OK, RiskLevel.HALT),
              org.assertj.core.groups.Tuple.tuple(
                  RiskScope.INSTRUMENT, "BTC-USDT", RiskLevel.HALT, RiskLevel.OK));
      assertThat(written.get(0).getMetric()).isEqualTo("volatility_bps");
      assertThat(written.get(0).getValue()).isGreaterThan(150.0);
    }
  }

  private static Quote quote(long offsetMs, long sequence, double mid) {
    long m = Math.round(mid * 10_000);
    return SpreadFixtures.quote(
        Venue.BINANCE, offsetMs * 1_000L, sequence + 1, m - 50, 100_000_000L, m + 50, 100_000_000L);
  }
}
