package io.deepalpha.jobs.savepoint;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the savepoint fixture recipes share (their main, fresh topics on the broker), and how the
 * restore tests take a committed fixture. Self-contained: the recipes run in an old commit's tree.
 */
public final class FixtureRecipe {
  /** Writes a fixture into a directory, given the broker. */
  interface Writer {
    void write(String bootstrap, Path out) throws Exception;
  }

  private FixtureRecipe() {}

  /**
   * {@code NAME OUT_DIR}: writes the fixture with the broker of {@code KAFKA_BOOTSTRAP_SERVERS}, or
   * with a local stack of its own under {@code OUT_DIR/stack} (removed afterwards).
   */
  static void main(String name, String[] args, Writer writer) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: " + name + " OUT_DIR");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    LocalStack stack = null;
    if (bootstrap == null) {
      stack = new LocalStack(StackSettings.anyPorts(out.resolve("stack")));
      bootstrap = stack.up(line -> {}).kafkaBootstrap();
    }
    try {
      writer.write(bootstrap, out);
    } finally {
      if (stack != null) {
        stack.down(line -> {});
        deleteTree(out.resolve("stack"));
      }
    }
    System.exit(0);
  }

  /**
   * Deletes the topics if they exist and creates them empty, one partition each, kept forever: a
   * version whose sink stamps records with the event time (a year ago) would otherwise see them
   * deleted by retention.
   */
  static void recreateTopics(String bootstrap, List<String> topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<String> present =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(topics::contains)
              .toList();
      if (!present.isEmpty()) {
        admin.deleteTopics(present).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .anyMatch(topics::contains)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      }
      admin
          .createTopics(
              topics.stream()
                  .map(t -> new NewTopic(t, 1, (short) 1).configs(Map.of("retention.ms", "-1")))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The savepoint of a committed fixture directory, copied into {@code into} so that a run cannot
   * touch the fixture; returns the copy.
   */
  public static Path copySavepoint(Path fixture, Path into) throws Exception {
    Path source;
    try (Stream<Path> dirs = Files.list(fixture.resolve("savepoint"))) {
      source = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Path target = into.resolve(source.getFileName());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Files.copy(
            p,
            target.resolve(source.relativize(p).toString()),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
