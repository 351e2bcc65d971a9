package io.deepalpha.infra.stack.junit;

import io.deepalpha.infra.stack.LocalStack;
import io.deepalpha.infra.stack.StackEndpoints;
import io.deepalpha.infra.stack.StackSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests the real local stack (Kafka, PostgreSQL, InfluxDB), started once per test
 * JVM and stopped when the run ends. Tests declare a {@link StackEndpoints} parameter to reach it,
 * and a {@link LocalStack} parameter to stop a service and bring it back ({@code
 * stop(Service.KAFKA)}, then {@code up(...)}) for outage tests.
 *
 * <ul>
 *   <li>{@code DEEPALPHA_STACK_ENV=/path/to/endpoints.env}: use a stack that is already running
 *       (e.g. {@code bin/deepalpha stack up}) instead of starting one; it is left running.
 *   <li>{@code -Ddeepalpha.stack.workDir=...}: where the test stack lives (default {@code
 *       target/it-stack} of the module under test); ports are chosen freely.
 * </ul>
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == StackEndpoints.class || type == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    RunningStack stack = running(context);
    if (parameter.getParameter().getType() == LocalStack.class) {
      if (stack.owned == null) {
        throw new IllegalStateException(
            "this test stops or restarts services, which needs a stack it owns: unset"
                + " DEEPALPHA_STACK_ENV");
      }
      return stack.owned;
    }
    return stack.endpoints;
  }

  private static RunningStack running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunningStack.class, k -> RunningStack.start(), RunningStack.class);
  }

  /** The stack of this test run; closed by JUnit when the run ends. */
  static final class RunningStack implements ExtensionContext.Store.CloseableResource {
    final StackEndpoints endpoints;
    private final LocalStack owned;
    private final Thread shutdownHook;

    private RunningStack(StackEndpoints endpoints, LocalStack owned) {
      this.endpoints = endpoints;
      this.owned = owned;
      // A test JVM ended by a signal still stops the servers it started.
      this.shutdownHook = new Thread(this::stop, "local-stack-shutdown");
      if (owned != null) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
    }

    static RunningStack start() {
      String external = System.getenv("DEEPALPHA_STACK_ENV");
      if (external != null && !external.isBlank()) {
        Path file = Path.of(external);
        if (!Files.exists(file)) {
          throw new IllegalStateException(
              "DEEPALPHA_STACK_ENV points to " + file + ", which does not exist");
        }
        return new RunningStack(StackEndpoints.read(file), null);
      }
      Path workDir =
          Path.of(System.getProperty("deepalpha.stack.workDir", "target/it-stack"))
              .toAbsolutePath();
      LocalStack stack = new LocalStack(StackSettings.anyPorts(workDir));
      System.out.println("[local-stack] starting in " + workDir);
      StackEndpoints endpoints = stack.up(line -> System.out.println("[local-stack] " + line));
      return new RunningStack(endpoints, stack);
    }

    @Override
    public void close() {
      if (owned != null) {
        stop();
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
          // already shutting down: the hook is running or ran
        }
      }
    }

    private synchronized void stop() {
      owned.down(line -> System.out.println("[local-stack] " + line));
    }
  }
}
