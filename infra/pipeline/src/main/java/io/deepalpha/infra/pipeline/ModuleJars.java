package io.deepalpha.infra.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runnable form of a module in this checkout: its jar plus {@code target/lib/*}, as {@code mvn
 * package} leaves them. A missing build is an error that says which command builds it.
 */
record ModuleJars(String module, Path jar, Path lib) {

  static ModuleJars of(Path repo, String module) {
    Path target = repo.resolve(module).resolve("target");
    String prefix = "deepalpha-" + Path.of(module).getFileName() + "-";
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> p.getFileName().toString().endsWith(".jar"))
              .filter(p -> !p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
              .filter(p -> !p.getFileName().toString().startsWith("original-"))
              .findFirst()
              .orElseThrow(() -> notBuilt(module, target));
    } catch (IOException | UncheckedIOException e) {
      throw notBuilt(module, target);
    }
    Path lib = target.resolve("lib");
    if (!Files.isDirectory(lib)) {
      throw notBuilt(module, lib);
    }
    return new ModuleJars(module, jar, lib);
  }

  /** For {@code java -cp}: the module's classes first, then its dependencies. */
  String classpath() {
    return jar + ":" + lib + "/*";
  }

  private static PipelineException notBuilt(String module, Path missing) {
    return new PipelineException(
        module
            + " is not built ("
            + missing
            + " is missing): run `mvn -B package -DskipTests` in the repository first"
            + " (bin/deepalpha run does it for you)");
  }
}
