package io.deepalpha.infra.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleJarsTest {

  @Test
  void theRunnableJarIsTheModulesOwnNotTheOriginalOrTheSources(@TempDir Path repo)
      throws Exception {
    Path target = Files.createDirectories(repo.resolve("jobs/target/lib"));
    Files.createFile(target.resolveSibling("original-deepalpha-jobs-1.0.jar"));
    Files.createFile(target.resolveSibling("deepalpha-jobs-1.0-sources.jar"));
    Files.createFile(target.resolveSibling("deepalpha-jobs-1.0.jar"));

    ModuleJars jars = ModuleJars.of(repo, "jobs");

    assertThat(jars.jar().getFileName()).hasToString("deepalpha-jobs-1.0.jar");
    assertThat(jars.classpath())
        .isEqualTo(repo.resolve("jobs/target/deepalpha-jobs-1.0.jar") + ":" + target + "/*");
  }

  @Test
  void aModuleThatIsNotBuiltSaysHowToBuildIt(@TempDir Path repo) throws Exception {
    Files.createDirectories(repo.resolve("executor/target"));
    Files.createFile(repo.resolve("executor/target/deepalpha-executor-1.0.jar"));

    assertThatThrownBy(() -> ModuleJars.of(repo, "ingest"))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("ingest is not built")
        .hasMessageContaining("mvn -B package -DskipTests");
    assertThatThrownBy(() -> ModuleJars.of(repo, "executor"))
        .as("jar without its lib/ directory")
        .hasMessageContaining(repo.resolve("executor/target/lib").toString());
  }
}
