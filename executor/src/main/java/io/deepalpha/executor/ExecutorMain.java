package io.deepalpha.executor;

import io.deepalpha.executor.config.ConfigException;
import io.deepalpha.executor.config.ConfigKey;
import io.deepalpha.executor.config.ConfigLoader;
import io.deepalpha.executor.config.ExecutorConfig;
import io.deepalpha.executor.journal.JournalFullException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The executor process: {@code java -jar deepalpha-executor.jar --env-file
 * configs/.env.c5n.testing}. Runs until SIGTERM/SIGINT; SIGHUP reloads the limits. Exit codes: 2
 * configuration refused, 3 Kafka unreachable for KAFKA_OUTAGE_EXIT_SECONDS, 4 journal full.
 */
@Command(
    name = "deepalpha-executor",
    mixinStandardHelpOptions = true,
    description = {
      "Standalone order executor: consumes signals, risk.state, config.* (and md.quotes),",
      "places both legs on the venues, publishes exec.orders and exec.fills.",
      "Settings come from --env-file files and the environment (which wins); see --list-keys."
    })
public final class ExecutorMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

  @Option(
      names = "--env-file",
      description = "KEY=VALUE file(s), e.g. configs/.env.c5n.testing; later files win.")
  private List<Path> envFiles = new ArrayList<>();

  @Option(names = "--list-keys", description = "Print every setting with its default and exit.")
  private boolean listKeys;

  @Option(names = "--check", description = "Validate the configuration and exit.")
  private boolean check;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ExecutorMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (listKeys) {
      for (ConfigKey k : ConfigKey.values()) {
        System.out.printf(
            "%-26s default %-32s %s%n",
            k.name(), k.defaultValue().isEmpty() ? "(none)" : k.defaultValue(), k.doc());
      }
      return 0;
    }
    Map<String, String> env = System.getenv();
    ExecutorConfig config;
    try {
      config = ConfigLoader.load(envFiles, env);
    } catch (ConfigException e) {
      LOG.error("configuration refused: {}", e.getMessage());
      return 2;
    }
    LOG.info("configuration: {}", config);
    if (check) {
      return 0;
    }
    // Set once, by the executor's watch thread, when it gives up (Kafka away too long, journal
    // full).
    AtomicInteger fatalCode = new AtomicInteger();
    CountDownLatch fatal = new CountDownLatch(1);
    Executor executor;
    try {
      executor =
          Executor.start(
              config,
              envFiles,
              env,
              code -> {
                fatalCode.set(code);
                fatal.countDown();
              });
    } catch (JournalFullException e) {
      // The recovery's own records (open orders queried again) found no room and no roll.
      LOG.error(
          "journal full at start: {}; exiting with code {} (executor/README.md, 'Journal full')",
          e.getMessage(),
          Executor.EXIT_JOURNAL_FULL);
      return Executor.EXIT_JOURNAL_FULL;
    }
    // SIGTERM/SIGINT, and the exit below: the executor stops in order (journal forced) either way.
    Runtime.getRuntime().addShutdownHook(new Thread(executor::close, "executor-shutdown"));
    SighupReload.install(
        () -> {
          try {
            LOG.info("SIGHUP: {}", executor.reload());
          } catch (RuntimeException e) {
            LOG.error("SIGHUP reload refused: {}", e.getMessage());
          }
        });
    fatal.await();
    return fatalCode.get();
  }
}
