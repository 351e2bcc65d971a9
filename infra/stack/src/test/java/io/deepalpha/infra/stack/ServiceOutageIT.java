package io.deepalpha.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepalpha.infra.stack.junit.WithLocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outage tests of other modules rely on this: one service down, the rest up, then back with data.
 */
@WithLocalStack
class ServiceOutageIT {

  @Test
  void postgresStoppedAloneComesBackOnItsPortWithItsData(LocalStack stack, StackEndpoints endpoints)
      throws Exception {
    try (Connection c = connect(endpoints);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS outage_probe (id int PRIMARY KEY)");
      st.execute("INSERT INTO outage_probe VALUES (1) ON CONFLICT DO NOTHING");
    }

    stack.stop(LocalStack.Service.POSTGRESQL);
    Map<String, ServiceStatus.State> during = states(stack);
    SQLException refused = null;
    try (Connection c = connect(endpoints)) {
      c.isValid(1);
    } catch (SQLException e) {
      refused = e;
    }
    stack.up(line -> {});

    assertThat(during)
        .containsEntry("postgresql", ServiceStatus.State.STOPPED)
        .containsEntry("kafka", ServiceStatus.State.READY)
        .containsEntry("influxdb", ServiceStatus.State.READY);
    assertThat((Throwable) refused).as("connection refused while down").isNotNull();
    try (Connection c = connect(endpoints);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM outage_probe WHERE id = 1")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(states(stack).values()).containsOnly(ServiceStatus.State.READY);
  }

  private static Connection connect(StackEndpoints e) throws SQLException {
    return DriverManager.getConnection(
        e.postgresJdbcUrl() + "?connectTimeout=2", e.postgresUser(), e.postgresPassword());
  }

  private static Map<String, ServiceStatus.State> states(LocalStack stack) {
    return stack.status().stream()
        .collect(java.util.stream.Collectors.toMap(ServiceStatus::name, ServiceStatus::state));
  }
}
