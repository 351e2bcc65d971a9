package io.deepalpha.model.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.deepalpha.model.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void allListsTheTopicsOfTheWireContractWithPartitionsAndTypes() {
    assertThat(Topics.all())
        .extracting(Topic::name, Topic::partitions, Topic::eventType)
        .containsExactly(
            tuple("md.quotes", 6, EventType.QUOTE),
            tuple("md.trades", 6, EventType.TRADE),
            tuple("md.deadletter", 1, EventType.DEAD_LETTER),
            tuple("config.instruments", 1, EventType.CONFIG_CHANGE),
            tuple("config.strategies", 1, EventType.CONFIG_CHANGE),
            tuple("config.risk_limits", 1, EventType.CONFIG_CHANGE),
            tuple("signals", 3, EventType.SIGNAL),
            tuple("risk.state", 1, EventType.RISK_STATE),
            tuple("exec.orders", 3, EventType.ORDER),
            tuple("exec.fills", 3, EventType.FILL));
  }

  @Test
  void configAndRiskStateTopicsAreCompacted() {
    assertThat(Topics.all().stream().filter(Topic::compacted).map(Topic::name))
        .containsExactly(
            "config.instruments", "config.strategies", "config.risk_limits", "risk.state");
    assertThat(Topics.RISK_STATE.configs()).containsExactly(Map.entry("cleanup.policy", "compact"));
  }

  @Test
  void deadLettersAreKeptFourteenDays() {
    assertThat(Topics.MD_DEADLETTER.configs())
        .containsExactly(Map.entry("retention.ms", "1209600000"));
    assertThat(Topics.MD_QUOTES.configs()).isEmpty();
  }

  @Test
  void topicsAreFoundByNameAndConfigTable() {
    assertThat(Topics.byName("signals")).containsSame(Topics.SIGNALS);
    assertThat(Topics.byName("md.quote")).isEmpty();
    assertThat(Topics.configTopicOf("risk_limits")).containsSame(Topics.CONFIG_RISK_LIMITS);
  }
}
