package io.deepalpha.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the tests check files with (promtool, shellcheck, the scripts). */
final class Tools {
  private Tools() {}

  /** Output (stdout and stderr merged) and exit code of a finished command. */
  record Result(int exitCode, String output) {}

  /**
   * Skips the calling test when {@code tool} is not installed. CI installs every tool through
   * infra/setup-debian.sh, so a skip there is a setup bug, and the message says how to fix it.
   */
  static void requireTool(String tool, String debianPackage) {
    assumeTrue(
        onPath(tool),
        tool
            + " is not installed: run infra/setup-debian.sh (or apt-get install -y "
            + debianPackage
            + "); this check was skipped");
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static Result run(Path workDir, Map<String, String> env, String... command) {
    List<String> argv = new ArrayList<>(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes(); // until the process closes it
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after 120 s: " + argv);
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + argv, e);
    }
  }

  static Result run(Path workDir, String... command) {
    return run(workDir, Map.of(), command);
  }
}
