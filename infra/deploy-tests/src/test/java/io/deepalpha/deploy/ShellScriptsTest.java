package io.deepalpha.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every deployment script passes shellcheck (all severities) and is executable. */
class ShellScriptsTest {

  @Test
  void everyScriptPassesShellcheck() throws IOException {
    Tools.requireTool("shellcheck", "shellcheck");
    List<String> scripts = scripts();
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);

    String[] argv =
        Stream.concat(
                Stream.of("shellcheck", "--external-sources", "--severity=style"), scripts.stream())
            .toArray(String[]::new);
    Tools.Result r = Tools.run(Repo.ROOT, argv);

    assertThat(r.output()).isEmpty();
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void everyScriptRunnableByItselfIsExecutableAndStrict() throws IOException {
    for (String script : scripts()) {
      String text = Repo.read(script);
      assertThat(text).as(script).startsWith("#!/usr/bin/env bash\n");
      if (script.endsWith("common.sh")) {
        assertThat(Files.isExecutable(Repo.path(script)))
            .as(script + " is sourced, not run")
            .isFalse();
        continue;
      }
      assertThat(Files.isExecutable(Repo.path(script))).as(script).isTrue();
      assertThat(text).as(script).contains("set -euo pipefail");
    }
  }

  static List<String> scripts() throws IOException {
    try (Stream<Path> backup = Files.list(Repo.path("infra/backup"))) {
      return Stream.concat(
              Stream.of(
                  "bin/deepalpha",
                  "infra/deploy-c5n.sh",
                  "infra/docker/healthcheck.sh",
                  "infra/docker/flink-entrypoint.sh"),
              backup
                  .filter(p -> p.toString().endsWith(".sh"))
                  .map(p -> Repo.ROOT.relativize(p).toString())
                  .sorted())
          .toList();
    }
  }
}
