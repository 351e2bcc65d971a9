package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

  @Test
  void dataStaysInTheWorkDirectoryWhenThePostgresUserCanReachIt(@TempDir Path tmp)
      throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(PostgresServer.reachableByServerUser(open.resolve("postgres")))
        .isEqualTo(open.resolve("postgres"));
  }

  @Test
  void dataMovesToVarTmpWhenAParentIsClosedToThePostgresUser(@TempDir Path tmp) throws Exception {
    assumeTrue(PostgresServer.isRoot(), "only root runs PostgreSQL as another user");
    Path closed = Files.createDirectories(tmp.resolve("closed"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));

    Path data = PostgresServer.reachableByServerUser(closed.resolve("stack/postgres"));

    assertThat(data.getParent()).isEqualTo(Path.of("/var/tmp/deepalpha-postgres"));
    assertThat(PostgresServer.reachableByServerUser(closed.resolve("stack/postgres")))
        .as("the same work directory always maps to the same place")
        .isEqualTo(data);
  }
}
