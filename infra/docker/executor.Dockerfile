# syntax=docker/dockerfile:1
# The standalone executor (no Flink). Build from the repository root:
#   docker build -f infra/docker/executor.Dockerfile -t deepalpha/executor:<version> .
# Runs as uid 10001 on a read-only root file system; the journal is the only writable state
# (volume /var/lib/deepalpha/executor), secrets come from /run/secrets/* (the *_FILE keys).
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17.0.13_11-jre-jammy

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY . .
# One reactor invocation: copy-dependencies then sees the freshly built model jar, not a registry.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl executor -am -Dmaven.test.skip=true -Dspotless.check.skip=true \
        package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /out/lib \
 && cp executor/target/dependency/*.jar /out/lib/ \
 && cp executor/target/deepalpha-executor-*.jar /out/lib/

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 deepalpha \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin deepalpha \
 && mkdir -p /var/lib/deepalpha/executor/journal \
 && chown -R 10001:10001 /var/lib/deepalpha
COPY --from=build /out/lib/ /opt/deepalpha/lib/
COPY configs/ /opt/deepalpha/configs/
COPY --chmod=755 infra/docker/healthcheck.sh /usr/local/bin/deepalpha-healthcheck
WORKDIR /opt/deepalpha
# --add-exports: Agrona's off-heap buffers (the journal). Heap follows the container limit.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
USER 10001:10001
VOLUME ["/var/lib/deepalpha/executor"]
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/deepalpha-healthcheck", "8081", "/health"]
ENTRYPOINT ["java", "-cp", "/opt/deepalpha/lib/*", "io.deepalpha.executor.ExecutorMain"]
CMD ["--env-file", "/opt/deepalpha/configs/.env.c5n.testing"]
