package io.deepalpha.infra.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run of the pipeline.
 *
 * @param repo the checkout whose built modules run (configs/ and module target/ dirs)
 * @param runDir logs, pid files, the executor journal, CDC offsets, the recording, the summary
 * @param duration how long the market runs; {@code null} = until Ctrl-C
 * @param instruments canonical instruments of the market
 * @param venues venues connected (the simulator serves all five)
 * @param seed seed of the synthetic market
 * @param stepMs synthetic market step (smaller = faster market)
 * @param noiseBps venue noise of the synthetic market around its latent price (more = more
 *     opportunities)
 * @param replay recorded session files to replay instead of the synthetic market
 * @param replaySpeed speed factor of the replay
 * @param record record the raw venue frames into {@code runDir/recording}
 * @param cdc run the Debezium CDC (live config changes)
 * @param progress print the live progress view
 */
record PipelineSettings(
    Path repo,
    Path runDir,
    Duration duration,
    List<String> instruments,
    List<String> venues,
    long seed,
    long stepMs,
    double noiseBps,
    List<Path> replay,
    double replaySpeed,
    boolean record,
    boolean cdc,
    boolean progress) {

  Path recordingDir() {
    return runDir.resolve("recording");
  }

  Path logsDir() {
    return runDir.resolve("logs");
  }
}
