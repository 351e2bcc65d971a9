package io.deepalpha.ingest.kafka;

import io.deepalpha.model.topic.Topics;

/**
 * Where and how the publisher writes.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param quotesTopic default {@code md.quotes}
 * @param tradesTopic default {@code md.trades}
 * @param deadLetterTopic default {@code md.deadletter}
 * @param compression lz4 by default: the cheapest CPU per byte saved on small JSON-derived records
 * @param lingerMs 5 ms by default: batches fill at market-data rates without adding visible latency
 * @param deliveryTimeoutMs how long a record may wait for the broker (retries included) before it
 *     counts as lost; 5 minutes by default, so a broker restart loses nothing
 */
public record PublisherSettings(
    String bootstrapServers,
    String quotesTopic,
    String tradesTopic,
    String deadLetterTopic,
    String compression,
    int lingerMs,
    int deliveryTimeoutMs) {

  public static PublisherSettings defaults(String bootstrapServers) {
    return new PublisherSettings(
        bootstrapServers,
        Topics.MD_QUOTES.name(),
        Topics.MD_TRADES.name(),
        Topics.MD_DEADLETTER.name(),
        "lz4",
        5,
        300_000);
  }

  public PublisherSettings withTopics(String quotes, String trades, String deadLetters) {
    return new PublisherSettings(
        bootstrapServers, quotes, trades, deadLetters, compression, lingerMs, deliveryTimeoutMs);
  }
}
